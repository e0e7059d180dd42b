//! disputes
