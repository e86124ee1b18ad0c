//! Open enums, implemented once: a generated enum lists its known values as a table of
//! (wire value, variant), and [`Open`] gives it decoding, encoding, parsing and display, with
//! values this version does not know kept verbatim in [`Open::Unknown`].

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A generated enum's table of known values.
pub trait EnumTable: Copy + Eq + std::hash::Hash + fmt::Debug + Send + Sync + 'static {
    /// Whether the wire value is text or an integer.
    const INT: bool;
    /// Every known value in the doc's order: the wire text (an integer's canonical decimal
    /// text) and the variant.
    const VALUES: &'static [(&'static str, Self)];
}

/// A value of an open enum: a known variant, or one the spec does not list, kept verbatim.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Open<E: EnumTable> {
    /// A value the spec lists.
    Known(E),
    /// A value the spec does not list.
    Unknown(Unknown),
}

/// A wire value the spec does not list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unknown {
    /// Text.
    Str(String),
    /// An integer.
    Int(i64),
}

/// An enum value as it goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire<'a> {
    /// Text.
    Str(&'a str),
    /// An integer.
    Int(i64),
}

impl<E: EnumTable> Open<E> {
    /// Every value the spec lists, in the doc's order.
    pub fn known() -> impl Iterator<Item = E> {
        E::VALUES.iter().map(|(_, v)| *v)
    }

    /// The value for wire text (an integer enum parses it).
    pub fn from_wire(s: &str) -> Self {
        if E::INT {
            return match s.trim().parse::<i64>() {
                Ok(i) => Open::from_int(i),
                Err(_) => Open::Unknown(Unknown::Str(s.to_owned())),
            };
        }
        match E::VALUES.iter().find(|(w, _)| *w == s) {
            Some((_, v)) => Open::Known(*v),
            None => Open::Unknown(Unknown::Str(s.to_owned())),
        }
    }

    /// The value for an integer.
    pub fn from_int(i: i64) -> Self {
        let text = crate::__private::lenient::Decimal::of(i);
        match E::VALUES.iter().find(|(w, _)| *w == text.as_str()) {
            Some((_, v)) => Open::Known(*v),
            None => Open::Unknown(Unknown::Int(i)),
        }
    }

    /// The wire value.
    pub fn wire(&self) -> Wire<'_> {
        match self {
            Open::Known(k) => {
                let text = E::VALUES
                    .iter()
                    .find(|(_, v)| v == k)
                    .map_or("", |(w, _)| *w);
                if E::INT {
                    Wire::Int(text.parse().unwrap_or_default())
                } else {
                    Wire::Str(text)
                }
            }
            Open::Unknown(Unknown::Str(s)) => Wire::Str(s),
            Open::Unknown(Unknown::Int(i)) => Wire::Int(*i),
        }
    }

    /// The wire value as text.
    pub fn as_str(&self) -> std::borrow::Cow<'_, str> {
        match self.wire() {
            Wire::Str(s) => s.into(),
            Wire::Int(i) => i.to_string().into(),
        }
    }

    /// The wire value of an integer enum (`None` for text).
    pub fn as_i64(&self) -> Option<i64> {
        match self.wire() {
            Wire::Int(i) => Some(i),
            Wire::Str(_) => None,
        }
    }

    /// The known variant, if it is one.
    pub fn known_value(&self) -> Option<E> {
        match self {
            Open::Known(k) => Some(*k),
            Open::Unknown(_) => None,
        }
    }

    /// Whether this is a value the spec does not list.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Open::Unknown(_))
    }
}

/// An enum's known values, for the command line's help, whatever the enum.
pub trait KnownValues: Sync + fmt::Debug {
    /// The wire values, in the doc's order.
    fn wires(&self) -> Vec<&'static str>;
    /// Whether the wire value is an integer.
    fn int(&self) -> bool;
}

/// The [`KnownValues`] of `E`, read from its table (`&Known::<E>::NEW` in a descriptor).
pub struct Known<E>(PhantomData<fn() -> E>);

impl<E> fmt::Debug for Known<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(std::any::type_name::<E>())
    }
}

impl<E> Known<E> {
    /// The values of `E`.
    pub const NEW: Self = Known(PhantomData);
}

impl<E: EnumTable> KnownValues for Known<E> {
    fn wires(&self) -> Vec<&'static str> {
        E::VALUES.iter().map(|(w, _)| *w).collect()
    }
    fn int(&self) -> bool {
        E::INT
    }
}

impl<E: EnumTable> From<E> for Open<E> {
    fn from(v: E) -> Self {
        Open::Known(v)
    }
}

impl<E: EnumTable> From<&str> for Open<E> {
    fn from(s: &str) -> Self {
        Open::from_wire(s)
    }
}

impl<E: EnumTable> From<String> for Open<E> {
    fn from(s: String) -> Self {
        Open::from_wire(&s)
    }
}

impl<E: EnumTable> From<i64> for Open<E> {
    fn from(i: i64) -> Self {
        Open::from_int(i)
    }
}

impl<E: EnumTable> PartialEq<E> for Open<E> {
    fn eq(&self, other: &E) -> bool {
        matches!(self, Open::Known(k) if k == other)
    }
}

impl<E: EnumTable> std::str::FromStr for Open<E> {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Open::from_wire(s))
    }
}

impl<E: EnumTable> fmt::Display for Open<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.wire() {
            Wire::Str(s) => f.write_str(s),
            Wire::Int(i) => write!(f, "{i}"),
        }
    }
}

impl<E: EnumTable> fmt::Debug for Open<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Open::Known(k) => k.fmt(f),
            Open::Unknown(Unknown::Str(s)) => write!(f, "Unknown({s:?})"),
            Open::Unknown(Unknown::Int(i)) => write!(f, "Unknown({i})"),
        }
    }
}

impl<E: EnumTable> Serialize for Open<E> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.wire() {
            Wire::Str(v) => s.serialize_str(v),
            Wire::Int(i) => s.serialize_i64(i),
        }
    }
}

impl<'de, E: EnumTable> Deserialize<'de> for Open<E> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<E>(PhantomData<E>);
        impl<E: EnumTable> Visitor<'_> for V<E> {
            type Value = Open<E>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(if E::INT { "an integer" } else { "a string" })
            }
            fn visit_str<Er: de::Error>(self, s: &str) -> Result<Open<E>, Er> {
                if E::INT {
                    return Err(Er::invalid_type(de::Unexpected::Str(s), &self));
                }
                Ok(Open::from_wire(s))
            }
            fn visit_i64<Er: de::Error>(self, i: i64) -> Result<Open<E>, Er> {
                if !E::INT {
                    return Err(Er::invalid_type(de::Unexpected::Signed(i), &self));
                }
                Ok(Open::from_int(i))
            }
            fn visit_u64<Er: de::Error>(self, i: u64) -> Result<Open<E>, Er> {
                match i64::try_from(i) {
                    Ok(i) => self.visit_i64(i),
                    Err(_) => Err(Er::invalid_value(de::Unexpected::Unsigned(i), &self)),
                }
            }
        }
        if E::INT {
            d.deserialize_i64(V(PhantomData))
        } else {
            d.deserialize_str(V(PhantomData))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    enum S {
        A,
        B,
    }
    impl EnumTable for S {
        const INT: bool = false;
        const VALUES: &'static [(&'static str, Self)] = &[("a", S::A), ("b", S::B)];
    }
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    enum I {
        Neg,
        One,
    }
    impl EnumTable for I {
        const INT: bool = true;
        const VALUES: &'static [(&'static str, Self)] = &[("-1", I::Neg), ("1", I::One)];
    }

    #[test]
    fn known_and_unknown_values_round_trip() {
        let v: Vec<Open<S>> = serde_json::from_str(r#"["a","b","zz"]"#).unwrap();
        assert_eq!(v[0], S::A);
        assert_eq!(v[1], Open::Known(S::B));
        assert_eq!(v[2], Open::Unknown(Unknown::Str("zz".into())));
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"["a","b","zz"]"#);
        let i: Vec<Open<I>> = serde_json::from_str("[-1, 1, 7]").unwrap();
        assert_eq!(i[0], I::Neg);
        assert_eq!(i[2].as_i64(), Some(7));
        assert!(i[2].is_unknown());
        assert_eq!(serde_json::to_string(&i).unwrap(), "[-1,1,7]");
        assert_eq!("-01".parse::<Open<I>>().unwrap(), I::Neg);
        assert_eq!(Open::<S>::from("b").to_string(), "b");
        assert_eq!(format!("{:?}", Open::<S>::from("q")), r#"Unknown("q")"#);
        assert!(serde_json::from_str::<Open<I>>(r#""1""#).is_err());
        assert!(serde_json::from_str::<Open<S>>("1").is_err());
        assert_eq!(Open::<I>::known().collect::<Vec<_>>(), vec![I::Neg, I::One]);
    }
}
