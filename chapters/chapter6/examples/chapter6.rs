//! Chapter 6: noise and overfitting. Run from the repository root with
//! `cargo run --example chapter6`; `-- --help` lists the options.

fn main() {
    harness::main(&chapter6::Chapter6);
}
