//! `vodspec_tests::harness::spec_vendor`, coverage-guided.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vodspec_tests::harness::spec_vendor(data));
