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

/// A JSON object's text with the values of `hidden` keys as `"***"`.
pub(crate) fn json_object(
    map: &serde_json::Map<String, serde_json::Value>,
    hidden: &[&str],
) -> String {
    let shown: serde_json::Map<String, serde_json::Value> = map
        .iter()
        .map(|(k, v)| {
            let v = if is_hidden(k, hidden) {
                serde_json::Value::from("***")
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect();
    serde_json::Value::Object(shown).to_string()
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
    }
}
