//! `vodspec_tests::harness::diff`, coverage-guided.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    vodspec_tests::harness::diff(data);
});
