//! Chapter 9: adaptive step sizes. Run from the repository root with
//! `cargo run --example chapter9`; `-- --help` lists the options.

fn main() {
    harness::main(&chapter9::Chapter9);
}
