//! Which operation a request is: its method and its path against the descriptors' templates.

use vodspec_runtime::OperationDesc;

/// The values of `template`'s `{placeholders}` in `path` (percent-decoded), when it matches.
pub(crate) fn match_path(
    template: &'static str,
    path: &str,
) -> Option<Vec<(&'static str, String)>> {
    let t: Vec<&'static str> = template.trim_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_matches('/').split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut values = Vec::new();
    for (t, p) in t.into_iter().zip(p) {
        match t.strip_prefix('{').and_then(|n| n.strip_suffix('}')) {
            Some(name) if !p.is_empty() => {
                let v = percent_encoding::percent_decode_str(p).decode_utf8_lossy();
                values.push((name, v.into_owned()));
            }
            Some(_) => return None,
            None if t == p => {}
            None => return None,
        }
    }
    Some(values)
}

/// What a request's method and path are among `operations`.
pub(crate) enum Route {
    /// This operation, with its path values.
    Found(&'static OperationDesc, Vec<(&'static str, String)>),
    /// A known path, another method.
    WrongMethod,
    /// No operation has this path.
    Unknown,
}

/// Finds the operation `method` and `path` address.
pub(crate) fn route(operations: &[&'static OperationDesc], method: &str, path: &str) -> Route {
    let mut wrong_method = false;
    for op in operations {
        if let Some(values) = match_path(op.path, path) {
            if op.method.as_str() == method {
                return Route::Found(op, values);
            }
            wrong_method = true;
        }
    }
    if wrong_method {
        Route::WrongMethod
    } else {
        Route::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_capture_their_placeholders_and_nothing_else() {
        assert_eq!(
            match_path("/v1/{project_id}/thumbnails", "/v1/p%201/thumbnails"),
            Some(vec![("project_id", "p 1".to_owned())])
        );
        assert_eq!(
            match_path("/v1/{project_id}/thumbnails", "/v1//thumbnails"),
            None
        );
        assert_eq!(
            match_path("/v1/{project_id}/thumbnails", "/v1/p/other"),
            None
        );
        assert_eq!(match_path("/a/b", "/a/b/"), Some(vec![]));
        assert_eq!(match_path("/a/b", "/a/b/c"), None);
    }
}
