//! Every page, or every item, of a list: streams that call a list method page after page.
//!
//! Each `list_*` method that takes `queries` has a `*_stream` companion returning [`Items`]; its
//! [`pages`](Items::pages) are the same walk one page at a time. Both are
//! [`futures_core::Stream`]s (use `futures::StreamExt` / `TryStreamExt` for combinators), and
//! have a `try_next` of their own for a plain loop:
//!
//! ```no_run
//! # async fn run(client: appwrite_server_sdk::Client) -> appwrite_server_sdk::Result<()> {
//! use appwrite_server_sdk::services::account::ListLogsParams;
//!
//! let mut logs = client.account().list_logs_stream(ListLogsParams::builder()).page_size(50);
//! while let Some(log) = logs.try_next().await? {
//!     println!("{} {}", log.time, log.event);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The walk sends the caller's queries, then `Query::limit(page size)`, then
//! `Query::cursor_after(the last item's $id)` (or `Query::offset(items so far)` for items
//! without an `$id`, such as logs); a page shorter than the page size is the last one. A
//! `limit`, `cursorAfter` or `offset` among the caller's queries sets the page size and where
//! the walk starts instead of being sent twice. An error ends the stream, after being yielded.
#![allow(dead_code, reason = "unused when no enabled service has a list method")]

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::{Query, Result};

/// A page of a list: its items, and where the list continues after each of them.
pub trait Page: Send + 'static {
    /// What the list holds.
    type Item: Send + 'static;

    /// The items of this page, in order.
    fn items(&self) -> &[Self::Item];

    /// The items of this page, taken out.
    fn into_items(self) -> Vec<Self::Item>;

    /// The cursor after `item` (its `$id`), or `None` when items have none: the list then
    /// continues by offset.
    fn cursor(item: &Self::Item) -> Option<&str>;
}

/// A service whose list methods have `*_stream` companions. [`Items::list`] asks for this
/// instead of `Send + 'static`: proving that the service (a client inside) is `Send` once, at
/// each service's `impl`, is cheap; proving it again in each generic `*_stream` method was a
/// noticeable part of the crate's build time.
pub(crate) trait Service: Send + 'static {}

pub(crate) type PageFuture<P> = Pin<Box<dyn Future<Output = Result<P>> + Send>>;

impl crate::request::Request<'_> {
    /// Send and decode one page of a list, boxed as [`Pages`] holds it. Generic code proves
    /// the boxed future `Send` once here; a closure in each `*_stream` method doing the same
    /// made the compiler prove it again for every list method.
    pub(crate) fn send_page<P: Page + serde::de::DeserializeOwned>(self) -> PageFuture<P> {
        Box::pin(self.send_json())
    }
}

type Fetch<P> = Box<dyn FnMut(Vec<String>) -> PageFuture<P> + Send>;

/// Where the next page starts.
enum Next {
    /// After the item with this `$id`.
    After(String),
    /// After this many items (the first page: 0).
    Offset(u64),
    /// The last page has been yielded (or an error).
    Done,
}

/// The pages of a list, fetched one at a time as the stream is polled: a
/// [`Stream`](futures_core::Stream) of `Result<P>`.
pub struct Pages<P: Page> {
    fetch: Fetch<P>,
    queries: Vec<String>,
    page_size: u64,
    next: Next,
    first: bool,
    pending: Option<PageFuture<P>>,
}

impl<P: Page> Pages<P> {
    /// The page size when the caller sets none (with [`page_size`](Self::page_size) or a
    /// `Query::limit` among the queries).
    pub const DEFAULT_PAGE_SIZE: u64 = 100;

    /// A walk with `queries` (the caller's), fetching each page with `fetch(queries of the page)`.
    pub(crate) fn new<F>(queries: Vec<String>, fetch: F) -> Self
    where
        F: FnMut(Vec<String>) -> PageFuture<P> + Send + 'static,
    {
        let mut pages = Pages {
            fetch: Box::new(fetch),
            queries: Vec::with_capacity(queries.len()),
            page_size: Self::DEFAULT_PAGE_SIZE,
            next: Next::Offset(0),
            first: true,
            pending: None,
        };
        for query in queries {
            match own_query(&query) {
                Some(Own::Limit(n)) => pages.page_size = n.max(1),
                Some(Own::After(id)) => pages.next = Next::After(id),
                Some(Own::Offset(n)) => pages.next = Next::Offset(n),
                None => pages.queries.push(query),
            }
        }
        pages
    }

    /// Fetch `size` items per request (at least 1); call it before polling.
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = size.max(1);
        self
    }

    /// The items of the pages, one by one.
    pub fn items(self) -> Items<P> {
        Items { pages: self, buffer: VecDeque::new() }
    }

    /// The next page; `Ok(None)` after the last one.
    pub async fn try_next(&mut self) -> Result<Option<P>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await.transpose()
    }

    fn request(&mut self) -> Option<PageFuture<P>> {
        let mut queries = self.queries.clone();
        queries.push(Query::limit(self.page_size).into());
        match &self.next {
            Next::After(id) => queries.push(Query::cursor_after(id).into()),
            Next::Offset(0) => {}
            Next::Offset(n) => queries.push(Query::offset(*n).into()),
            Next::Done => return None,
        }
        Some((self.fetch)(queries))
    }

    /// Where the walk goes after `page`.
    fn advance(&mut self, page: &P) {
        let items = page.items();
        let short = (items.len() as u64) < self.page_size;
        self.next = match (&self.next, items.last().and_then(P::cursor)) {
            _ if short => Next::Done,
            (_, Some(id)) => Next::After(id.to_owned()),
            (Next::Offset(n), None) => Next::Offset(n + items.len() as u64),
            // A cursor walk whose items have no `$id`: nothing to continue from.
            (_, None) => Next::Done,
        };
    }
}

impl<P: Page> Stream for Pages<P> {
    type Item = Result<P>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<P>>> {
        let this = &mut *self;
        loop {
            if this.pending.is_none() {
                match this.request() {
                    Some(request) => this.pending = Some(request),
                    None => return Poll::Ready(None),
                }
            }
            let Some(pending) = this.pending.as_mut() else { return Poll::Ready(None) };
            let result = match pending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(result) => result,
            };
            this.pending = None;
            let first = std::mem::replace(&mut this.first, false);
            match result {
                Err(e) => {
                    this.next = Next::Done;
                    return Poll::Ready(Some(Err(e)));
                }
                // An empty page after a full one ends the walk; only a first page is yielded empty.
                Ok(page) if page.items().is_empty() && !first => this.next = Next::Done,
                Ok(page) => {
                    this.advance(&page);
                    return Poll::Ready(Some(Ok(page)));
                }
            }
        }
    }
}

impl<P: Page> std::fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").field("queries", &self.queries).field("page_size", &self.page_size).finish()
    }
}

/// The items of a list, page after page: a [`Stream`](futures_core::Stream) of
/// `Result<P::Item>`, fetching the next page when the items of the last one are used up.
pub struct Items<P: Page> {
    pages: Pages<P>,
    buffer: VecDeque<P::Item>,
}

// The buffered items are never pinned.
impl<P: Page> Unpin for Items<P> {}

impl<P: Page> Items<P> {
    /// A walk with `queries` (the caller's), fetching each page with `fetch(queries of the page)`.
    pub(crate) fn new<F>(queries: Vec<String>, fetch: F) -> Self
    where
        F: FnMut(Vec<String>) -> PageFuture<P> + Send + 'static,
    {
        Pages::new(queries, fetch).items()
    }

    /// A walk of a list method: each page is `fetch(&service, params, queries of the page)`.
    ///
    /// The `*_stream` methods call this with a plain `fn` instead of building the closure
    /// themselves: the boxed closure below is then proven `Send` once, here, for any service and
    /// parameters, where a closure in each (generic) method made the compiler prove it again for
    /// every list method.
    pub(crate) fn list<S, Q>(
        queries: Vec<String>,
        service: S,
        params: Q,
        fetch: fn(&S, Q, Vec<String>) -> PageFuture<P>,
    ) -> Self
    where
        S: Service,
        Q: Clone + Send + 'static,
    {
        Self::new(queries, move |queries| fetch(&service, params.clone(), queries))
    }

    /// Fetch `size` items per request (at least 1); call it before polling.
    pub fn page_size(mut self, size: u64) -> Self {
        self.pages = self.pages.page_size(size);
        self
    }

    /// The pages instead of the items (items already fetched and not yet yielded are dropped).
    pub fn pages(self) -> Pages<P> {
        self.pages
    }

    /// The next item; `Ok(None)` after the last one.
    pub async fn try_next(&mut self) -> Result<Option<P::Item>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await.transpose()
    }
}

impl<P: Page> Stream for Items<P> {
    type Item = Result<P::Item>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => this.buffer.extend(page.into_items()),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<P: Page> std::fmt::Debug for Items<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").field("pages", &self.pages).field("buffered", &self.buffer.len()).finish()
    }
}

/// A query the walk sets itself.
enum Own {
    Limit(u64),
    After(String),
    Offset(u64),
}

fn own_query(query: &str) -> Option<Own> {
    let value: serde_json::Value = serde_json::from_str(query).ok()?;
    let first = value.get("values")?.get(0)?;
    match value.get("method")?.as_str()? {
        "limit" => first.as_u64().map(Own::Limit),
        "cursorAfter" => first.as_str().map(|id| Own::After(id.to_owned())),
        "offset" => first.as_u64().map(Own::Offset),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list of numbered items, with or without ids.
    struct Numbers {
        items: Vec<(u64, Option<String>)>,
    }

    impl Page for Numbers {
        type Item = (u64, Option<String>);
        fn items(&self) -> &[Self::Item] {
            &self.items
        }
        fn into_items(self) -> Vec<Self::Item> {
            self.items
        }
        fn cursor(item: &Self::Item) -> Option<&str> {
            item.1.as_deref()
        }
    }

    /// The queries of each request.
    type Log = std::sync::Arc<std::sync::Mutex<Vec<Vec<String>>>>;

    /// Serves `total` items (with ids when `ids`), recording each request's queries.
    fn walk(total: u64, ids: bool, queries: Vec<String>) -> (Items<Numbers>, Log) {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        let items = Items::new(queries, move |queries: Vec<String>| {
            log.lock().unwrap().push(queries.clone());
            let mut start = 0;
            let mut limit = u64::MAX;
            for q in &queries {
                match own_query(q) {
                    Some(Own::Limit(n)) => limit = n,
                    Some(Own::Offset(n)) => start = n,
                    Some(Own::After(id)) => start = id.trim_start_matches("id").parse::<u64>().unwrap() + 1,
                    None => {}
                }
            }
            let items =
                (start..total.min(start.saturating_add(limit))).map(|n| (n, ids.then(|| format!("id{n}")))).collect();
            Box::pin(async move { Ok(Numbers { items }) })
        });
        (items, seen)
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                return out;
            }
        }
    }

    fn collect(mut items: Items<Numbers>) -> Vec<u64> {
        block_on(async {
            let mut out = Vec::new();
            while let Some((n, _)) = items.try_next().await.unwrap() {
                out.push(n);
            }
            out
        })
    }

    #[test]
    fn cursor_walk_stops_on_a_short_page() {
        let (items, seen) = walk(5, true, vec![Query::equal("a", "b").into()]);
        assert_eq!(collect(items.page_size(2)), [0, 1, 2, 3, 4]);
        let seen = seen.lock().unwrap();
        let equal: String = Query::equal("a", "b").into();
        let limit: String = Query::limit(2).into();
        assert_eq!(
            *seen,
            [
                vec![equal.clone(), limit.clone()],
                vec![equal.clone(), limit.clone(), Query::cursor_after("id1").into()],
                vec![equal, limit, Query::cursor_after("id3").into()],
            ]
        );
    }

    #[test]
    fn offset_walk_and_a_full_last_page() {
        let (items, seen) = walk(4, false, vec![Query::limit(2).into(), Query::offset(0).into()]);
        assert_eq!(collect(items), [0, 1, 2, 3]);
        let limit: String = Query::limit(2).into();
        assert_eq!(
            *seen.lock().unwrap(),
            [vec![limit.clone()], vec![limit.clone(), Query::offset(2).into()], vec![limit, Query::offset(4).into()],]
        );
    }

    #[test]
    fn the_callers_cursor_is_where_the_walk_starts() {
        let (items, seen) = walk(10, true, vec![Query::cursor_after("id6").into()]);
        assert_eq!(collect(items), [7, 8, 9]);
        assert_eq!(seen.lock().unwrap().len(), 1);
    }

    #[test]
    fn an_error_ends_the_stream() {
        let calls = std::sync::Arc::new(std::sync::Mutex::new(0));
        let count = calls.clone();
        let mut pages = Pages::new(Vec::new(), move |_| {
            *count.lock().unwrap() += 1;
            Box::pin(async { Err::<Numbers, _>(crate::Error::Encode("boom".into())) })
        });
        block_on(async {
            assert!(pages.try_next().await.is_err());
            assert!(pages.try_next().await.unwrap().is_none());
        });
        assert_eq!(*calls.lock().unwrap(), 1);
    }

    #[test]
    fn an_empty_list_is_one_empty_page() {
        let (items, seen) = walk(0, true, Vec::new());
        let mut pages = items.pages();
        block_on(async {
            assert_eq!(pages.try_next().await.unwrap().map(|p| p.items.len()), Some(0));
            assert!(pages.try_next().await.unwrap().is_none());
        });
        assert_eq!(seen.lock().unwrap().len(), 1);
    }
}
