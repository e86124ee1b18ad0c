//! What `Debug` of a request shows in place of a secret, once for the request's parts and its
//! wire form: the value of a hidden name (any case) is `***`, in pairs and in a JSON body.

/// Whether `name` is one of `hidden` (names compare without case, as headers do).
fn is_hidden(name: &str, hidden: &[&str]) -> bool {
    hidden.iter().any(|h| h.eq_ignore_ascii_case(name))
}

/// `pairs` with the values of `hidden` names as `***`.
pub(crate) fn pairs<'a, K: AsRef<str>>(
    pairs: &'a [(K, String)],
    hidden: &'a [&str],
) -> Vec<(&'a str, &'a str)> {
    pairs
        .iter()
        .map(|(k, v)| {
            let k = k.as_ref();
            (
                k,
                if is_hidden(k, hidden) {
                    "***"
                } else {
                    v.as_str()
                },
            )
        })
        .collect()
}

/// A JSON object's text with the values of `hidden` keys, at any depth, as `"***"`.
pub(crate) fn json_object(
    map: &serde_json::Map<String, serde_json::Value>,
    hidden: &[&str],
) -> String {
    fn mask(v: &mut serde_json::Value, hidden: &[&str]) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m.iter_mut() {
                    if is_hidden(k, hidden) {
                        *v = serde_json::Value::from("***");
                    } else {
                        mask(v, hidden);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|v| mask(v, hidden)),
            _ => {}
        }
    }
    let mut shown = serde_json::Value::Object(map.clone());
    mask(&mut shown, hidden);
    shown.to_string()
}

/// `text` — JSON, or what is left of a cut or broken body — with the value after each `hidden`
/// key, at any depth, as `"***"`. Read as text, not parsed, so a body that does not parse is
/// cleared too, and everything else stays as the vendor sent it.
pub(crate) fn json_text(text: &str, hidden: &[&str]) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if b[i] != b'"' {
            i += 1;
            continue;
        }
        let key_end = string_end(b, i);
        // `string_end` stops on ASCII bytes only, so these are char boundaries.
        let key = &text[i + 1..key_end.saturating_sub(1).max(i + 1)];
        let colon = skip_ws(b, key_end);
        i = key_end;
        if colon < b.len() && b[colon] == b':' && is_hidden(key, hidden) {
            let start = skip_ws(b, colon + 1);
            let end = value_end(b, start);
            out.push_str(&text[copied..start]);
            out.push_str("\"***\"");
            copied = end;
            i = end;
        }
    }
    out.push_str(&text[copied.min(text.len())..]);
    out
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Past the string that opens at `b[i]` (a `"`): after its closing quote, or the end.
fn string_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Past the JSON value that starts at `b[i]`: a string, a whole object or array (strings in it
/// read as strings), or a scalar up to the next `,`, `}`, `]` or space; the end, if cut.
fn value_end(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        None => b.len(),
        Some(b'"') => string_end(b, i),
        Some(b'{' | b'[') => {
            let (mut depth, mut j) = (0usize, i);
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            b.len()
        }
        Some(_) => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']') && !b[j].is_ascii_whitespace()
            {
                j += 1;
            }
            j
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hidden_names_show_stars_in_pairs_and_json() {
        let p = vec![("Sign", "abc".to_owned()), ("a", "1".to_owned())];
        assert_eq!(super::pairs(&p, &["sign"]), [("Sign", "***"), ("a", "1")]);
        let serde_json::Value::Object(m) = serde_json::json!({"token": "t", "n": 1}) else {
            unreachable!()
        };
        assert_eq!(
            super::json_object(&m, &["TOKEN"]),
            r#"{"token":"***","n":1}"#
        );
        let serde_json::Value::Object(nested) =
            serde_json::json!({"a": [{"Token": {"x": 1}}], "n": 1})
        else {
            unreachable!()
        };
        assert_eq!(
            super::json_object(&nested, &["token"]),
            r#"{"a":[{"Token":"***"}],"n":1}"#
        );
    }

    #[test]
    fn hidden_values_leave_json_text_whole_or_cut() {
        let hide = |t: &str| super::json_text(t, &["secret", "key"]);
        assert_eq!(
            hide(r#"{"a":1,"Secret" : "s\"3", "b":[{"KEY":12.5e3}], "c":"secret"}"#),
            r#"{"a":1,"Secret" : "***", "b":[{"KEY":"***"}], "c":"secret"}"#
        );
        assert_eq!(
            hide(r#"{"secret":{"x":"}","y":[1]},"n":2}"#),
            r#"{"secret":"***","n":2}"#
        );
        // Cut inside the value, or not JSON at all after the key.
        assert_eq!(hide(r#"{"n":1,"secret":"abc"#), r#"{"n":1,"secret":"***""#);
        // Not JSON: a bare value runs to the next separator, here the end.
        assert_eq!(
            hide(r#"<html>"secret": hunter2</html>"#),
            r#"<html>"secret": "***""#
        );
        assert_eq!(hide("状态\"secret\":\"值\""), "状态\"secret\":\"***\"");
        assert_eq!(hide(r#"{"n":"\\"}"#), r#"{"n":"\\"}"#);
    }
}
