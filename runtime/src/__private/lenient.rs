//! Decoders for where a vendor's wire disagrees with its own doc. A spec selects one per field
//! with `lenient:`; nothing decodes leniently unless a spec says so.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// An integer's decimal text on the stack, without going through `fmt` (this runs for every
/// task id of a listing and every integer enum value).
pub(crate) struct Decimal {
    bytes: [u8; 21],
    start: usize,
}

impl Decimal {
    /// The text of `n`, negated when `negative`.
    pub(crate) fn new(mut n: u64, negative: bool) -> Self {
        let mut bytes = [0u8; 21];
        let mut start = bytes.len();
        loop {
            start -= 1;
            bytes[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if negative {
            start -= 1;
            bytes[start] = b'-';
        }
        Decimal { bytes, start }
    }

    /// The text of `i`.
    pub(crate) fn of(i: i64) -> Self {
        Decimal::new(i.unsigned_abs(), i < 0)
    }

    /// The digits (ASCII, so always a `str`).
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[self.start..]).unwrap_or_default()
    }
}

/// `number-as-string`: a string the vendor may send as a JSON number (Huawei `task_id: 7684`).
/// A number keeps its own digits, as the JSON text has them: read raw, never through `f64`, so
/// `12345678901234567890123` and `1.50` arrive as written.
///
/// One allocation, the raw value's own: a number's text, or a string without escapes, becomes
/// the `String` in place (this runs for every id of a listing).
pub fn number_as_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
    let mut text = String::from(Box::<str>::from(raw));
    if text.trim().len() != text.len() {
        text = text.trim().to_owned();
    }
    if text.starts_with('"') {
        // Valid JSON: a quote or a control character inside comes escaped.
        if text.contains('\\') {
            return serde_json::from_str(&text).map_err(de::Error::custom);
        }
        text.pop();
        text.remove(0);
        Ok(text)
    } else if is_json_number(&text) {
        Ok(text)
    } else {
        Err(de::Error::invalid_type(
            de::Unexpected::Other(shape(&text)),
            &"a string or a number",
        ))
    }
}

/// What a raw JSON value that is neither a string nor a number is, for the message.
fn shape(text: &str) -> &'static str {
    match text.as_bytes().first() {
        Some(b'{') => "a map",
        Some(b'[') => "a sequence",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a value",
    }
}

/// JSON's number grammar: `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`.
fn is_json_number(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// An integer as the docs' examples write one in a string: `-?(0|[1-9]\d*)`, nothing around
/// it (no spaces, no `+`, no leading zeros, which would make `"007"` and `"7"` one value).
fn is_integer_text(t: &str) -> bool {
    let digits = t.strip_prefix('-').unwrap_or(t);
    !digits.is_empty()
        && digits.bytes().all(|c| c.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
}

/// `number-as-string` on an `optional<string>` field (use with `#[serde(default)]`).
pub fn option_number_as_string<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, a number or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            number_as_string(d).map(Some)
        }
    }
    d.deserialize_option(V)
}

struct IntOrDigits<T>(PhantomData<T>);

impl<T: TryFrom<i64> + TryFrom<u64>> Visitor<'_> for IntOrDigits<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, or a string of digits")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::custom(format!("{v} is out of range")))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::custom(format!("{v} is out of range")))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        if !is_integer_text(v) {
            return Err(E::invalid_value(de::Unexpected::Str(v), &self));
        }
        if let Ok(i) = v.parse::<i64>() {
            return self.visit_i64(i);
        }
        match v.parse::<u64>() {
            Ok(u) => self.visit_u64(u),
            Err(_) => Err(E::custom(format!("{v} is out of range"))),
        }
    }
}

/// `string-as-number`: an integer the vendor may send as a string of digits.
pub fn string_as_number<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64> + TryFrom<u64>,
{
    d.deserialize_any(IntOrDigits(PhantomData))
}

/// `string-as-number` on an `optional<integer>` field (use with `#[serde(default)]`).
pub fn option_string_as_number<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64> + TryFrom<u64>,
{
    struct V<T>(PhantomData<T>);
    impl<'de, T: TryFrom<i64> + TryFrom<u64>> Visitor<'de> for V<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer, a string of digits or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            string_as_number(d).map(Some)
        }
    }
    d.deserialize_option(V(PhantomData))
}

/// `empty-string-as-absent`: an optional field the vendor sends as `""` when it has no value
/// (use with `#[serde(default)]`).
pub fn empty_string_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let v = Option::<serde_json::Value>::deserialize(d)?;
    match v {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) if s.is_empty() => Ok(None),
        Some(other) => T::deserialize(other).map(Some).map_err(de::Error::custom),
    }
}

/// `number-as-string` as a type, for `#[model(lenient = NumberAsString)]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberAsString(pub String);

impl<'de> Deserialize<'de> for NumberAsString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        number_as_string(d).map(NumberAsString)
    }
}

/// `string-as-number` as a type, for `#[model(lenient = StringAsNumber)]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringAsNumber<T>(pub T);

impl<'de, T: TryFrom<i64> + TryFrom<u64>> Deserialize<'de> for StringAsNumber<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        string_as_number(d).map(StringAsNumber)
    }
}

/// `empty-string-as-absent` as a type, for `#[model(lenient = EmptyStringAsAbsent)]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmptyStringAsAbsent<T>(pub Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for EmptyStringAsAbsent<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        empty_string_as_none(d).map(EmptyStringAsAbsent)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct S {
        #[serde(deserialize_with = "super::number_as_string")]
        id: String,
        #[serde(default, deserialize_with = "super::option_number_as_string")]
        at: Option<String>,
        #[serde(deserialize_with = "super::string_as_number")]
        n: i32,
        #[serde(default, deserialize_with = "super::option_string_as_number")]
        m: Option<u64>,
        #[serde(default, deserialize_with = "super::empty_string_as_none")]
        e: Option<i64>,
    }

    #[test]
    fn accepts_both_shapes() {
        let a: S = serde_json::from_str(
            r#"{"id": 7684, "at": 20201118121333, "n": "12", "m": 5, "e": ""}"#,
        )
        .unwrap();
        assert_eq!(
            a,
            S {
                id: "7684".into(),
                at: Some("20201118121333".into()),
                n: 12,
                m: Some(5),
                e: None
            }
        );
        let b: S = serde_json::from_str(r#"{"id": "x", "n": 3, "m": "9", "e": 4}"#).unwrap();
        assert_eq!(
            b,
            S {
                id: "x".into(),
                at: None,
                n: 3,
                m: Some(9),
                e: Some(4)
            }
        );
        let c: S = serde_json::from_str(r#"{"id": "x", "at": null, "n": 3, "e": null}"#).unwrap();
        assert_eq!((c.at, c.m, c.e), (None, None, None));
    }

    #[test]
    fn a_number_keeps_its_own_digits() {
        let id = |json: &str| -> Result<String, serde_json::Error> {
            serde_json::from_str::<S>(&format!(r#"{{"id": {json}, "n": 1}}"#)).map(|s| s.id)
        };
        for n in [
            "12345678901234567890123",
            "-9223372036854775809",
            "1.50",
            "0",
            "-0.0e-7",
            "1E400",
        ] {
            assert_eq!(id(n).unwrap(), n);
        }
        assert_eq!(id(r#""a\"b""#).unwrap(), "a\"b");
        for bad in ["true", "null", "[1]", r#"{"a":1}"#] {
            assert!(id(bad).is_err(), "{bad}");
        }
        let v: super::NumberAsString = serde_json::from_value(serde_json::json!(7684)).unwrap();
        assert_eq!(v.0, "7684");
    }

    #[test]
    fn a_string_of_digits_is_what_the_examples_write_and_no_more() {
        let n = |json: &str| serde_json::from_str::<S>(&format!(r#"{{"id": "a", "n": {json}}}"#));
        assert_eq!(n(r#""-12""#).unwrap().n, -12);
        assert_eq!(n(r#""0""#).unwrap().n, 0);
        for bad in [
            r#"" 12 ""#,
            r#""+12""#,
            r#""012""#,
            r#""1.0""#,
            r#""""#,
            r#""-""#,
            r#""1e3""#,
        ] {
            assert!(n(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rejects_what_is_neither() {
        assert!(serde_json::from_str::<S>(r#"{"id": true, "n": 1}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"id": "a", "n": "twelve"}"#).is_err());
        assert!(
            serde_json::from_str::<S>(r#"{"id": "a", "n": 3000000000}"#).is_err(),
            "out of i32 range"
        );
        assert!(serde_json::from_str::<S>(r#"{"id": "a", "n": 1, "e": "x"}"#).is_err());
    }
}
