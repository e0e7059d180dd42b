//! Automation for the workspace rather than the product. Today it holds one thing: the tidy
//! test (`tests/tidy.rs`, run by `cargo test -p xtask` and by `cargo test --workspace`),
//! which reads the source tree and fails, naming the file, the line and the rule, when one
//! of the architecture's rules is broken.
