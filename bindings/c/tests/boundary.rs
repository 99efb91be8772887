//! The fuzz target `c_boundary` (`fuzz/fuzz_targets/c_boundary.rs`) on a few hundred
//! pseudo-random byte strings, for machines without cargo-fuzz: random bytes, and cases and
//! record lines with bytes flipped, cut, or made invalid UTF-8.

use std::ffi::{CStr, CString};
use std::ptr;

use safeguarding_rules as ffi;

#[path = "../../../fuzz/src/c_boundary.rs"]
mod c_boundary;

/// xorshift64*: the same bytes on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const CASE: &str = r#"{"rule_set": "care-act-2014-s44", "reference": "r-1", "as_of": "2024-03-01",
 "facts": {"age_18_or_over": true, "in_board_area": true, "care_and_support_needs": true,
 "death_from_abuse_or_neglect": "suspected", "joint_working_concern": {"value": true, "source": "x"}}}"#;

fn record_line() -> String {
    let mut engine = ptr::null_mut();
    let mut out = ptr::null_mut();
    let case = CString::new(CASE).unwrap();
    // SAFETY: locals valid for one write; NUL-terminated strings; each result freed once.
    unsafe {
        assert_eq!(
            ffi::sgr_engine_new(ptr::null(), &mut engine, ptr::null_mut()),
            0
        );
        assert_eq!(
            ffi::sgr_record(engine, case.as_ptr(), ptr::null(), &mut out),
            0
        );
        let line = CStr::from_ptr(out).to_str().unwrap().to_string();
        ffi::sgr_string_free(out);
        ffi::sgr_engine_free(engine);
        line
    }
}

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        match rng.below(5) {
            0 => bytes[at] = rng.next() as u8,
            1 => bytes.truncate(at),
            2 => bytes.insert(at, [0xff, 0xc3, 0x80, 0xed][rng.below(4)]),
            3 => {
                let from = rng.below(bytes.len());
                let piece: Vec<u8> = bytes[from..].iter().take(16).copied().collect();
                bytes.splice(at..at, piece);
            }
            _ => {
                bytes.remove(at);
            }
        }
    }
    bytes
}

#[test]
fn pseudo_random_bytes_through_the_c_boundary() {
    let mut rng = Rng(0x5eed_c0de_1234_5678);
    let line = record_line();
    let options = br#"{"as_of": "2024-05-01", "counterfactuals": true}"#;
    let mut seen = std::collections::BTreeMap::new();
    for i in 0..400 {
        let input: Vec<u8> = match i % 4 {
            0 => (0..rng.below(64)).map(|_| rng.next() as u8).collect(),
            1 => mutate(&mut rng, CASE.as_bytes()),
            2 => mutate(&mut rng, line.as_bytes()),
            _ => {
                let mut bytes = CASE.as_bytes().to_vec();
                bytes.push(0);
                bytes.extend(mutate(&mut rng, options));
                bytes
            }
        };
        let (evaluated, replayed) = c_boundary::c_boundary(&input);
        *seen.entry(("sgr_evaluate", evaluated)).or_insert(0) += 1;
        *seen.entry(("sgr_replay", replayed)).or_insert(0) += 1;
    }
    // The seeds themselves, unchanged.
    assert_eq!(c_boundary::c_boundary(CASE.as_bytes()), (0, 0));
    assert_eq!(c_boundary::c_boundary(line.as_bytes()).1, 0);
    // Both the good and the bad paths were taken.
    for key in [
        ("sgr_evaluate", 0),
        ("sgr_evaluate", 1),
        ("sgr_evaluate", 2),
        ("sgr_replay", 0),
        ("sgr_replay", 1),
    ] {
        assert!(seen.contains_key(&key), "{key:?} never seen: {seen:?}");
    }
}
