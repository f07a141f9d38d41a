fn main() -> std::process::ExitCode {
    epicevents_cli::main()
}
