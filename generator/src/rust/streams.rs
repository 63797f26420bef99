//! Stream companions: which list methods can be walked page by page ([`paginated_list`]: an
//! Appwrite list method taking `queries` and returning a page), the shape of a page (its items,
//! their type and their `$id` cursor), and the `*_stream` companion of such a method.

use proc_macro2::{Ident, TokenStream};
use quote::format_ident;

use super::names::{DocLine, unraw};
use super::params::ParamsView;
use super::types::Types;
use crate::model::{Api, Method, ModelKind, ParamLocation, Response, Type};

/// The companion of a list method that walks every page: `list_rows_stream(…)` is a stream of
/// rows (and, through `.pages()`, of pages).
#[derive(Debug)]
pub struct StreamView {
    /// e.g. `list_rows_stream`.
    pub ident: Ident,
    /// e.g. `list_rows_stream_as`, when the list holds user data.
    pub typed_ident: Option<Ident>,
    /// e.g. `list_rows_request`: the private method that builds the list method's request, which
    /// both the list method and each page of the stream send.
    pub request_ident: Ident,
    /// The `queries` parameter's field, and whether it is required.
    pub queries: Ident,
    /// The `queries` field is required (a `Vec`, not an `Option`).
    pub queries_required: bool,
    /// The optional `total` flag's field, set to `false` unless the caller sets it.
    pub total: Option<Ident>,
    /// Doc lines of the companion.
    pub docs: Vec<DocLine>,
    /// Doc lines of the typed companion.
    pub typed_docs: Vec<DocLine>,
    /// The doc example, filled in at rendering.
    pub example: Vec<DocLine>,
}

/// A list model as a page: the field holding its items, their type, and their `$id` field.
#[derive(Debug)]
pub struct PageView {
    /// The items' field.
    pub items: Ident,
    /// The item type.
    pub item_ty: TokenStream,
    /// The item's `$id` field (the cursor); `None`: pages continue by offset.
    pub cursor: Option<Ident>,
}

/// A list model's page shape: its items' field (index) and type, and the index of the items'
/// `$id` field. A page is a struct with a `total` and exactly one list, always present.
pub(super) struct PageShape<'t> {
    pub(super) items: usize,
    pub(super) item: &'t Type,
    pub(super) cursor: Option<usize>,
}

pub(super) fn page_shape<'t>(types: &Types<'t>, list: &str) -> Option<PageShape<'t>> {
    let ModelKind::Struct { fields, .. } = &types.models.get(list)?.kind else { return None };
    if !fields.iter().any(|f| f.name == "total") {
        return None;
    }
    let mut lists = fields.iter().enumerate().filter(|(_, f)| matches!(f.ty, Type::Array(_)));
    let (items, field) = lists.next()?;
    if lists.next().is_some() || !field.required || field.nullable {
        return None;
    }
    let Type::Array(item) = &field.ty else { return None };
    let cursor = match &**item {
        Type::Model(name) => match types.models.get(name.as_str()).map(|m| &m.kind) {
            Some(ModelKind::Struct { fields, .. }) => {
                fields.iter().position(|f| f.name == "$id" && f.ty == Type::String && f.required && !f.nullable)
            }
            _ => None,
        },
        _ => None,
    };
    Some(PageShape { items, item, cursor })
}

/// The list model a method returns when it can be walked page by page: an Appwrite list
/// method taking `queries` (a list of strings) and returning a page.
pub(super) fn paginated_list<'m>(types: &Types<'_>, api: &Api, m: &'m Method) -> Option<&'m str> {
    let queries = m.params.iter().find(|p| p.name == "queries")?;
    let takes_queries = queries.location == ParamLocation::Query
        && queries.ty == Type::Array(Box::new(Type::String))
        && !queries.nullable;
    let Response::Json(Type::Model(list)) = &m.response else { return None };
    (api.appwrite && takes_queries && page_shape(types, list).is_some()).then_some(list.as_str())
}

pub(super) fn stream_view(
    types: &Types<'_>,
    api: &Api,
    m: &Method,
    ident: &Ident,
    params: Option<&ParamsView>,
    typed: bool,
) -> Option<StreamView> {
    let list = paginated_list(types, api, m)?;
    let by_id = page_shape(types, list)?.cursor.is_some();
    // Fields are in the order of the method's parameters.
    let fields = &params?.fields;
    let queries = &fields[m.params.iter().position(|p| p.name == "queries" && p.location == ParamLocation::Query)?];
    let total = m
        .params
        .iter()
        .position(|p| {
            p.name == "total"
                && p.location == ParamLocation::Query
                && p.ty == Type::Boolean
                && !p.required
                && !p.nullable
        })
        .map(|i| &fields[i]);
    let name = unraw(ident);
    let walk =
        if by_id { "`Query::cursor_after` the last item's `$id`" } else { "`Query::offset` (the items have no `$id`)" };
    let docs = vec![
        DocLine(format!(
            " Every item of [`Self::{name}`], page after page, as a stream ([`Items`](crate::Items), a \
             `futures::Stream`; `.pages()` for the pages)."
        )),
        DocLine(String::new()),
        DocLine(format!(
            " Each request sends the given queries, then `Query::limit` (the page size: \
             [`Pages::DEFAULT_PAGE_SIZE`](crate::Pages::DEFAULT_PAGE_SIZE), or `.page_size(n)`), then {walk}{}; \
             a short page is the last. An error is yielded and ends the stream.",
            if total.is_some() { ", with `total=false` unless set" } else { "" }
        )),
    ];
    Some(StreamView {
        ident: format_ident!("{name}_stream"),
        typed_ident: typed.then(|| format_ident!("{name}_stream_as")),
        request_ident: format_ident!("{name}_request"),
        queries: queries.ident.clone(),
        queries_required: queries.required,
        total: total.map(|f| f.ident.clone()),
        typed_docs: vec![DocLine(format!(
            " As [`Self::{name}_stream`], with the user data decoded into your own type `T` (see [`Self::{name}_as`])."
        ))],
        docs,
        example: Vec::new(),
    })
}
