//! The `epicevents` binary: the command line, with mimalloc as allocator.

// glibc's allocator made a fifth of a list request's cost (many small
// strings per row, freed on other threads); mimalloc keeps per-thread heaps.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    epicevents_cli::main()
}
