//! The `duty` binary: everything happens in [`dutyroster::main`].

fn main() -> std::process::ExitCode {
    dutyroster::main()
}
