//! Decoding generated models: the map loop, written once. `#[derive(Model)]` (from
//! `vodspec-derive`, re-exported here) gives each model only its field names, a slot per field
//! and how to read and finish them; [`model`] does the rest for every model.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

pub use vodspec_derive::Model;

/// A generated model, as its derive describes it.
pub trait Model: Sized {
    /// The type's name, for messages.
    const NAME: &'static str;
    /// Wire names of its fields, in declaration order.
    const FIELDS: &'static [&'static str];
    /// A slot per field, all empty by default.
    type Slots: Default;
    /// Reads field number `index` from `map` into its slot.
    fn read<'de, A: MapAccess<'de>>(
        slots: &mut Self::Slots,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
    /// The model from its slots: required fields must be there, absent optional ones are `None`.
    fn finish<E: de::Error>(slots: Self::Slots) -> Result<Self, E>;
}

/// `Deserialize` of any [`Model`]: a JSON object, unknown fields skipped, or, as serde_derive
/// also takes it, an array of every field's value in declaration order.
pub fn model<'de, D: Deserializer<'de>, M: Model>(d: D) -> Result<M, D::Error> {
    d.deserialize_struct(M::NAME, M::FIELDS, ModelVisitor::<M>(PhantomData))
}

struct ModelVisitor<M>(PhantomData<M>);

impl<'de, M: Model> Visitor<'de> for ModelVisitor<M> {
    type Value = M;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", M::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<M, A::Error> {
        let mut slots = M::Slots::default();
        let mut seen = Seen::new(M::FIELDS.len());
        // Vendors mostly send the fields in the doc's order: the next one is tried first.
        let mut next = 0;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = key.as_str();
            let found = match M::FIELDS.get(next) {
                Some(f) if *f == key => Some(next),
                _ => M::FIELDS.iter().position(|f| *f == key),
            };
            if let Some(i) = found {
                next = i + 1;
            }
            match found {
                // Two readers of one body must not disagree: serde_derive refuses a repeated
                // field, and so does this loop, rather than keep the last value.
                Some(i) if !seen.insert(i) => {
                    return Err(de::Error::duplicate_field(M::FIELDS[i]));
                }
                Some(i) => M::read(&mut slots, i, &mut map)?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        M::finish(slots)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<M, A::Error> {
        let mut slots = M::Slots::default();
        for index in 0..M::FIELDS.len() {
            let mut fields = SeqFields::<A, M> {
                seq: &mut seq,
                index,
                model: PhantomData,
            };
            M::read(&mut slots, index, &mut fields)?;
        }
        M::finish(slots)
    }
}

/// An array's elements read as a model's fields in order, through the same per-field `read`
/// as an object's: a missing element is an error, as it is to serde_derive.
struct SeqFields<'a, A, M> {
    seq: &'a mut A,
    index: usize,
    model: PhantomData<M>,
}

impl<'de, A: SeqAccess<'de>, M: Model> MapAccess<'de> for SeqFields<'_, A, M> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        _: K,
    ) -> Result<Option<K::Value>, A::Error> {
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.seq.next_element_seed(seed)? {
            Some(v) => Ok(v),
            None => Err(de::Error::invalid_length(
                self.index,
                &Elements::<M>(PhantomData),
            )),
        }
    }
}

/// What an array form must hold, in serde_derive's words.
struct Elements<M>(PhantomData<M>);

impl<M: Model> de::Expected for Elements<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {} with {} elements", M::NAME, M::FIELDS.len())
    }
}

/// The fields read so far: a word for the usual model, a vector past 64 fields.
enum Seen {
    Word(u64),
    Many(Vec<bool>),
}

impl Seen {
    fn new(fields: usize) -> Seen {
        if fields <= 64 {
            Seen::Word(0)
        } else {
            Seen::Many(vec![false; fields])
        }
    }

    /// Marks field `i`; false when it was marked already.
    fn insert(&mut self, i: usize) -> bool {
        match self {
            Seen::Word(w) => {
                let bit = 1u64 << i;
                let fresh = *w & bit == 0;
                *w |= bit;
                fresh
            }
            Seen::Many(v) => !std::mem::replace(&mut v[i], true),
        }
    }
}

/// An object key: borrowed from the input where it can be, copied only when it has escapes.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        d.deserialize_identifier(V)
    }
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq, crate::__private::de::Model)]
    struct Pic {
        #[serde(rename = "picName")]
        pic_name: String,
        #[model(lenient = NumberAsString)]
        id: String,
        #[model(lenient = NumberAsString)]
        at: Option<String>,
        #[model(lenient = StringAsNumber)]
        n: Option<i64>,
        #[model(lenient = EmptyStringAsAbsent)]
        note: Option<u32>,
        tags: Option<Vec<String>>,
    }

    #[test]
    fn models_decode_through_the_one_loop() {
        let p: Pic = serde_json::from_str(
            r#"{"picName":"9.jpg","id":7684,"at":"x","n":"12","note":"","extra":{"a":[1]},"tags":null}"#,
        )
        .unwrap();
        assert_eq!(
            p,
            Pic {
                pic_name: "9.jpg".into(),
                id: "7684".into(),
                at: Some("x".into()),
                n: Some(12),
                note: None,
                tags: None,
            }
        );
        let e = serde_json::from_str::<Pic>(r#"{"picName":"a","id":1,"picName":"b"}"#).unwrap_err();
        assert!(e.to_string().contains("duplicate field `picName`"), "{e}");
        // An unknown key is skipped however often it comes, as serde_derive skips it.
        serde_json::from_str::<Pic>(r#"{"picName":"a","id":1,"x":1,"x":2}"#).unwrap();
        let e = serde_json::from_str::<Pic>(r#"{"id":1}"#).unwrap_err();
        assert!(e.to_string().contains("missing field `picName`"), "{e}");
        let e = serde_json::from_str::<Pic>(r#"{"picName":5,"id":1}"#).unwrap_err();
        assert!(e.to_string().contains("invalid type"), "{e}");
        // The array form, as serde_derive reads it: every field's value, in order.
        let e = serde_json::from_str::<Pic>(r#"["a"]"#).unwrap_err();
        assert!(
            e.to_string()
                .contains("invalid length 1, expected struct Pic with 6 elements"),
            "{e}"
        );
        let p: Pic = serde_json::from_str(r#"["a", 1, null, "2", "", null]"#).unwrap();
        assert_eq!((p.id.as_str(), p.n), ("1", Some(2)));
        let e = serde_json::from_str::<Pic>("true").unwrap_err();
        assert!(e.to_string().contains("a Pic object"), "{e}");
        let v: Pic =
            serde_json::from_value(serde_json::json!({"picName": "a\"b", "id": "s"})).unwrap();
        assert_eq!(v.pic_name, "a\"b");
    }
}
