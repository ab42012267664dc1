//! Chapter 5: batch, stochastic, mini-batch. Run from the repository root
//! with `cargo run --example chapter5`; `-- --help` lists the options, and
//! `cargo run --release --example chapter5 -- --benchmark` times a gradient.

fn main() {
    harness::main(&chapter5::Chapter5);
}
