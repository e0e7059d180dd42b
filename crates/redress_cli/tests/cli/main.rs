//! Integration tests of the `redress` binary, one module per feature.

mod crash;
