//! Chapter 8: momentum. Run from the repository root with
//! `cargo run --example chapter8`; `-- --help` lists the options.

fn main() {
    harness::main(&chapter8::Chapter8);
}
