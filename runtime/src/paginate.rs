//! Paginators: a paginated operation's pages as a `Stream`, bounded so a vendor that keeps
//! saying "truncated" cannot make it loop forever.

use std::future::Future;

use futures_util::Stream;
use futures_util::stream;

use super::call::Error;

/// What a page says about the listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageInfo {
    /// Items on this page.
    pub items: usize,
    /// The vendor's "more results" flag, when it sends one.
    pub truncated: Option<bool>,
    /// The vendor's total item count, when it sends one.
    pub total: Option<i64>,
}

/// Default cap on pages, whatever the vendor says.
pub const MAX_PAGES: u32 = 1000;

struct State<F, E> {
    fetch: F,
    page: i64,
    pages: u32,
    fetched: i64,
    done: bool,
    /// Yielded after the page that revealed it.
    error_next: Option<Error<E>>,
}

/// Whether the listing goes on after a page: the vendor's flag where it sends one, else until
/// an empty page or the `total`.
fn more(i: PageInfo, fetched: i64) -> bool {
    match i.truncated {
        Some(t) => t,
        None => i.items > 0 && i.total.is_none_or(|t| fetched < t),
    }
}

/// Why a listing that goes on must stop anyway, if it must: the vendor contradicts itself, or
/// `max_pages` are fetched (whatever the vendor says, or does not say).
fn stuck(i: PageInfo, fetched: i64, pages: u32, max_pages: u32) -> Option<String> {
    if i.items == 0 {
        Some("the vendor says truncated but sent an empty page".to_owned())
    } else if let Some(t) = i.total.filter(|t| fetched >= *t) {
        Some(format!(
            "the vendor still says truncated after all {t} items it counts"
        ))
    } else if pages >= max_pages {
        Some(match i.truncated {
            Some(_) => format!("the vendor still says truncated after {max_pages} pages"),
            None => format!(
                "the vendor sends neither a truncated flag nor a total, and still full pages after {max_pages} pages"
            ),
        })
    } else {
        None
    }
}

/// Fetches pages `first, first+1, …` until the vendor says the listing is complete. An empty
/// page or the `total` reached while the vendor still says "truncated", or `max_pages` fetched
/// with the listing still going on (by the flag, or by full pages where the vendor sends no
/// flag), ends the stream with [`Error::Pagination`] after that page, rather than a hang.
pub fn pages<R, E, F, Fut>(
    first: i64,
    max_pages: u32,
    fetch: F,
    info: fn(&R) -> PageInfo,
) -> impl Stream<Item = Result<R, Error<E>>>
where
    F: FnMut(i64) -> Fut,
    Fut: Future<Output = Result<R, Error<E>>>,
{
    let state = State {
        fetch,
        page: first,
        pages: 0,
        fetched: 0,
        done: false,
        error_next: None,
    };
    stream::unfold(state, move |mut st| async move {
        if let Some(e) = st.error_next.take() {
            st.done = true;
            return Some((Err(e), st));
        }
        if st.done {
            return None;
        }
        let result = (st.fetch)(st.page).await;
        st.pages = st.pages.saturating_add(1);
        let r = match result {
            Ok(r) => r,
            Err(e) => {
                st.done = true;
                return Some((Err(e), st));
            }
        };
        let i = info(&r);
        st.fetched += i64::try_from(i.items).unwrap_or(i64::MAX);
        if !more(i, st.fetched) {
            st.done = true;
        } else if let Some(reason) = stuck(i, st.fetched, st.pages, max_pages) {
            st.error_next = Some(Error::Pagination {
                pages: st.pages,
                reason,
            });
        } else if let Some(next) = st.page.checked_add(1) {
            st.page = next;
        } else {
            st.error_next = Some(Error::Pagination {
                pages: st.pages,
                reason: "the page number would overflow".to_owned(),
            });
        }
        Some((Ok(r), st))
    })
}
