fn main() -> std::process::ExitCode {
    epicevents::cli::main()
}
