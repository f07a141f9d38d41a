//! Fills an initialised database for the benchmarks in `scripts/bench.sh`:
//! `cargo run --release --example bench_seed -- URL ROWS`. What it writes is
//! described in `epicevents_store::seed`.

use epicevents_store::{DatabaseUrl, OpenMode, Store};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = DatabaseUrl::parse(&args.next().expect("usage: bench_seed URL ROWS"))?;
    let rows: usize = args.next().unwrap_or_else(|| "10000".into()).parse()?;
    let store = Store::open(&url, OpenMode::MustExist)?;
    let started = std::time::Instant::now();
    epicevents_store::seed::fill(&store, rows)?;
    println!(
        "{rows} clients, contracts and events written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
