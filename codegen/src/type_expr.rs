//! Type expressions: `string`, `i64`, `optional<T>`, `nullable<T>`, `list<T>`, `map<string, T>`
//! and names of the spec's own types, parsed by a small real grammar with column-precise errors.
//!
//! ```text
//! type := ws ident ws ( '<' type ( ',' type )* '>' ws )?
//! ```

use std::fmt;

/// A built-in scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Prim {
    /// UTF-8 text.
    String,
    /// `true`/`false`.
    Bool,
    /// 32-bit signed.
    I32,
    /// 64-bit signed.
    I64,
    /// 32-bit unsigned.
    U32,
    /// 64-bit unsigned.
    U64,
    /// 64-bit float.
    F64,
    /// Any JSON value.
    Json,
}

impl Prim {
    fn from_name(s: &str) -> Option<Prim> {
        Some(match s {
            "string" => Prim::String,
            "bool" => Prim::Bool,
            "i32" => Prim::I32,
            "i64" => Prim::I64,
            "u32" => Prim::U32,
            "u64" => Prim::U64,
            "f64" => Prim::F64,
            "json" => Prim::Json,
            _ => return None,
        })
    }

    /// The spec name.
    pub fn name(self) -> &'static str {
        match self {
            Prim::String => "string",
            Prim::Bool => "bool",
            Prim::I32 => "i32",
            Prim::I64 => "i64",
            Prim::U32 => "u32",
            Prim::U64 => "u64",
            Prim::F64 => "f64",
            Prim::Json => "json",
        }
    }

    /// An integer type.
    pub fn is_integer(self) -> bool {
        matches!(self, Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64)
    }

    /// The range an integer of this type holds.
    pub fn int_range(self) -> Option<(i128, i128)> {
        Some(match self {
            Prim::I32 => (i32::MIN.into(), i32::MAX.into()),
            Prim::I64 => (i64::MIN.into(), i64::MAX.into()),
            Prim::U32 => (0, u32::MAX.into()),
            Prim::U64 => (0, u64::MAX.into()),
            _ => return None,
        })
    }
}

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeExpr {
    /// A built-in scalar.
    Prim(Prim),
    /// A type defined in the spec's `types`.
    Named(String),
    /// May be absent.
    Optional(Box<TypeExpr>),
    /// May be `null`.
    Nullable(Box<TypeExpr>),
    /// A JSON array.
    List(Box<TypeExpr>),
    /// A JSON object with string keys.
    Map(Box<TypeExpr>),
}

impl TypeExpr {
    /// The type under any `optional<>`/`nullable<>` wrappers.
    pub fn core(&self) -> &TypeExpr {
        match self {
            TypeExpr::Optional(t) | TypeExpr::Nullable(t) => t.core(),
            t => t,
        }
    }

    /// The scalar or named type under wrappers and lists.
    pub fn leaf(&self) -> &TypeExpr {
        match self {
            TypeExpr::Optional(t)
            | TypeExpr::Nullable(t)
            | TypeExpr::List(t)
            | TypeExpr::Map(t) => t.leaf(),
            t => t,
        }
    }

    /// Calls `f` on every named type the expression mentions.
    pub fn for_each_named<'a>(&'a self, f: &mut impl FnMut(&'a str)) {
        match self {
            TypeExpr::Prim(_) => {}
            TypeExpr::Named(n) => f(n),
            TypeExpr::Optional(t)
            | TypeExpr::Nullable(t)
            | TypeExpr::List(t)
            | TypeExpr::Map(t) => t.for_each_named(f),
        }
    }
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::Prim(p) => f.write_str(p.name()),
            TypeExpr::Named(n) => f.write_str(n),
            TypeExpr::Optional(t) => write!(f, "optional<{t}>"),
            TypeExpr::Nullable(t) => write!(f, "nullable<{t}>"),
            TypeExpr::List(t) => write!(f, "list<{t}>"),
            TypeExpr::Map(t) => write!(f, "map<string, {t}>"),
        }
    }
}

/// A syntax error at a character offset in the expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Character offset, from 0.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses a type expression.
pub fn parse(src: &str) -> Result<TypeExpr, ParseError> {
    let chars: Vec<char> = src.chars().collect();
    let mut p = P { s: &chars, i: 0 };
    let t = p.ty(0)?;
    p.ws();
    if p.i < chars.len() {
        return Err(p.err(format!(
            "unexpected `{}` after the type; a type expression is one type, e.g. `list<string>`",
            chars[p.i]
        )));
    }
    Ok(t)
}

struct P<'a> {
    s: &'a [char],
    i: usize,
}

/// Deeper nesting than this is surely a mistake, and bounds the recursion.
const MAX_DEPTH: usize = 16;

impl P<'_> {
    fn err(&self, message: String) -> ParseError {
        ParseError {
            offset: self.i,
            message,
        }
    }

    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|c| *c == ' ') {
            self.i += 1;
        }
    }

    fn ident(&mut self) -> Result<String, ParseError> {
        let start = self.i;
        while self
            .s
            .get(self.i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            self.i += 1;
        }
        if start == self.i {
            return Err(match self.s.get(self.i) {
                None => self.err("expected a type name here, found the end".into()),
                Some(c) => self.err(format!(
                    "expected a type name, found `{c}`; write `optional<T>`/`list<T>` rather than sigils like `?T` or `[T]`"
                )),
            });
        }
        if self.s[start].is_ascii_digit() {
            self.i = start;
            return Err(self.err("a type name cannot start with a digit".into()));
        }
        Ok(self.s[start..self.i].iter().collect())
    }

    fn expect(&mut self, c: char, what: &str) -> Result<(), ParseError> {
        self.ws();
        match self.s.get(self.i) {
            Some(x) if *x == c => {
                self.i += 1;
                Ok(())
            }
            Some(x) => Err(self.err(format!("expected `{c}` {what}, found `{x}`"))),
            None => Err(self.err(format!("expected `{c}` {what}, found the end"))),
        }
    }

    fn ty(&mut self, depth: usize) -> Result<TypeExpr, ParseError> {
        self.ws();
        if depth > MAX_DEPTH {
            return Err(self.err(format!("type nested deeper than {MAX_DEPTH} levels")));
        }
        let start = self.i;
        let name = self.ident()?;
        self.ws();
        let has_args = self.s.get(self.i) == Some(&'<');
        let arity = match name.as_str() {
            "optional" | "nullable" | "list" => 1,
            "map" => 2,
            _ => 0,
        };
        if arity == 0 {
            if has_args {
                return Err(self.err(format!(
                    "`{name}` takes no type arguments; only optional, nullable, list and map do"
                )));
            }
            return Ok(match Prim::from_name(&name) {
                Some(p) => TypeExpr::Prim(p),
                None => TypeExpr::Named(name),
            });
        }
        if !has_args {
            return Err(self.err(format!(
                "`{name}` needs {} type argument{}: `{name}<{}>`",
                arity,
                if arity == 1 { "" } else { "s" },
                if arity == 1 { "T" } else { "string, T" }
            )));
        }
        self.i += 1;
        let mut args = vec![self.ty(depth + 1)?];
        loop {
            self.ws();
            if self.s.get(self.i) == Some(&',') {
                self.i += 1;
                args.push(self.ty(depth + 1)?);
            } else {
                break;
            }
        }
        self.expect('>', &format!("to close `{name}<`"))?;
        if args.len() != arity {
            let at = self.i;
            self.i = start;
            let e = self.err(format!(
                "`{name}` takes {arity} type argument{}, found {}",
                if arity == 1 { "" } else { "s" },
                args.len()
            ));
            self.i = at;
            return Err(e);
        }
        let mut args = args.into_iter();
        let first = args.next().expect("arity checked");
        Ok(match name.as_str() {
            "optional" => TypeExpr::Optional(Box::new(first)),
            "nullable" => TypeExpr::Nullable(Box::new(first)),
            "list" => TypeExpr::List(Box::new(first)),
            _ => {
                if first != TypeExpr::Prim(Prim::String) {
                    self.i = start;
                    return Err(
                        self.err("map keys must be `string`: JSON object keys are text".into())
                    );
                }
                TypeExpr::Map(Box::new(args.next().expect("arity checked")))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_expressions() {
        let t = parse(" optional< list<Snapshot> > ").unwrap();
        assert_eq!(
            t,
            TypeExpr::Optional(Box::new(TypeExpr::List(Box::new(TypeExpr::Named(
                "Snapshot".into()
            )))))
        );
        assert_eq!(t.to_string(), "optional<list<Snapshot>>");
        assert_eq!(
            parse("map<string,i64>").unwrap().to_string(),
            "map<string, i64>"
        );
        assert_eq!(parse("f64").unwrap(), TypeExpr::Prim(Prim::F64));
    }

    #[test]
    fn errors_point_at_the_offending_character() {
        let e = parse("list<string").unwrap_err();
        assert_eq!(e.offset, 11);
        assert!(e.message.contains("expected `>`"), "{}", e.message);
        let e = parse("[string]").unwrap_err();
        assert_eq!(e.offset, 0);
        assert!(e.message.contains("sigils"));
        let e = parse("list<string> x").unwrap_err();
        assert_eq!(e.offset, 13);
        let e = parse("map<i64, string>").unwrap_err();
        assert!(e.message.contains("map keys"));
        let e = parse("optional").unwrap_err();
        assert!(e.message.contains("needs 1 type argument"));
        let e = parse("string<i64>").unwrap_err();
        assert!(e.message.contains("takes no type arguments"));
        let e = parse("list<a, b>").unwrap_err();
        assert!(e.message.contains("takes 1 type argument, found 2"));
        assert!(parse(&"list<".repeat(100)).is_err());
        assert!(parse("").is_err());
        assert!(parse("9lives").unwrap_err().message.contains("digit"));
    }
}
