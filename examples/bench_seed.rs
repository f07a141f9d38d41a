//! Fills an initialised database for the benchmarks in `scripts/bench.sh`:
//! `cargo run --release --example bench_seed -- URL ROWS [stale]`. What it
//! writes is described in `epicevents_store::seed`; with `stale`, the
//! planner's statistics are left as they were (as after a bulk load by
//! script or a restore).

use epicevents_store::{DatabaseUrl, OpenMode, Store};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = DatabaseUrl::parse(&args.next().expect("usage: bench_seed URL ROWS"))?;
    let rows: usize = args.next().unwrap_or_else(|| "10000".into()).parse()?;
    let stale = args.next().as_deref() == Some("stale");
    let store = Store::open(&url, OpenMode::MustExist)?;
    let started = std::time::Instant::now();
    if stale {
        epicevents_store::seed::load(&store, rows)?;
    } else {
        epicevents_store::seed::fill(&store, rows)?;
    }
    println!(
        "{rows} clients, contracts and events written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
