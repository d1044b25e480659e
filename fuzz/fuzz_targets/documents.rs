//! Framework, agency.yaml, evidence and narrative texts through the loader's
//! checks (and scoring when they are clean): no input may panic or hang.
#![no_main]

#[allow(dead_code)]
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::documents(data));
