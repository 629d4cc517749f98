//! The `duty` binary: everything happens in [`dutyroster::cli`].

fn main() -> std::process::ExitCode {
    dutyroster::cli::main()
}
