//! Pagination shared by the lists: `limit` (a page size with a maximum) and `cursor` (the
//! previous page's `next_cursor`, opaque to clients). A list answers `next_cursor` only when
//! another page follows.

use crate::error::ApiError;
use redress_store::webhooks::ListCursor;
use serde::Deserialize;
use utoipa::IntoParams;

/// Rows a page holds unless `limit` says otherwise.
pub(crate) const PAGE_DEFAULT: usize = 50;
/// Most rows a page of the webhook lists and the penalties holds.
pub(crate) const PAGE_MAX: usize = 200;

/// `?limit=&cursor=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageQuery {
    /// Page size, 1 to 200; default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageQuery {
    /// The page size asked for, checked against `max`.
    pub(crate) fn limit(&self, max: usize) -> Result<usize, ApiError> {
        let limit = self.limit.unwrap_or(PAGE_DEFAULT.min(max));
        if (1..=max).contains(&limit) {
            Ok(limit)
        } else {
            Err(ApiError::field("limit", format!("must be 1 to {max}")))
        }
    }

    /// The cursor's parts, as [`encode`] wrote them; `expected` of them.
    pub(crate) fn cursor_parts(&self, expected: usize) -> Result<Option<Vec<String>>, ApiError> {
        self.cursor
            .as_deref()
            .map(|raw| decode(raw, expected))
            .transpose()
    }

    /// A cursor of an instant and an id, as the store's lists take it.
    pub(crate) fn list_cursor(&self) -> Result<Option<ListCursor>, ApiError> {
        let Some(parts) = self.cursor_parts(2)? else {
            return Ok(None);
        };
        Ok(Some(ListCursor {
            at_us: parts[0].parse().map_err(|_| bad())?,
            id: parts[1].clone(),
        }))
    }
}

fn bad() -> ApiError {
    ApiError::field("cursor", "not a cursor this API gave out")
}

/// Opaque to clients: hex of the parts joined by newlines (ids never hold a newline).
pub(crate) fn encode(parts: &[&str]) -> String {
    hex::encode(parts.join("\n"))
}

/// [`encode`]'s cursor for an instant and an id.
pub(crate) fn encode_list_cursor(at_us: i64, id: &str) -> String {
    encode(&[&at_us.to_string(), id])
}

fn decode(raw: &str, expected: usize) -> Result<Vec<String>, ApiError> {
    // Checked as ASCII hex first: slicing pairs of bytes out of other text could split a
    // character.
    if !raw.len().is_multiple_of(2)
        || raw.len() > 1024
        || !raw.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return Err(bad());
    }
    let bytes = (0..raw.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&raw[i..i + 2], 16).map_err(|_| bad()))
        .collect::<Result<Vec<u8>, _>>()?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let parts: Vec<String> = text.split('\n').map(str::to_owned).collect();
    if parts.len() != expected {
        return Err(bad());
    }
    Ok(parts)
}

/// Where a keyset-paged list over a projection stopped: its last row's value of the sort key,
/// and the merchant and id that make the order total. The ticket and order lists share it.
/// A list sorted other than its default names its order in the cursor (`order`), so a
/// cursor is refused by a request that sorts differently; the default order's cursor has
/// three parts, as the lists' cursors always had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RowCursor {
    pub key: i64,
    pub merchant_id: String,
    pub id: String,
}

impl RowCursor {
    pub(crate) fn encode(&self, order: Option<&str>) -> String {
        let key = self.key.to_string();
        let mut parts = vec![key.as_str(), &self.merchant_id, &self.id];
        parts.extend(order);
        encode(&parts)
    }

    /// The cursor `raw`, given out for the order `order`. `id_ok` checks the id by the rule
    /// of stored ids: a forged cursor must not carry into a query what an id cannot (a NUL
    /// fails a PostgreSQL query).
    pub(crate) fn decode(
        raw: &str,
        order: Option<&str>,
        id_ok: impl Fn(&str) -> bool,
    ) -> Result<RowCursor, ApiError> {
        let parts = decode(raw, 3 + usize::from(order.is_some()))?;
        if order.is_some_and(|order| parts[3] != order) {
            return Err(ApiError::field(
                "cursor",
                "was given out for another sort order",
            ));
        }
        redress_domain::MerchantId::parse_stored(&parts[1]).map_err(|_| bad())?;
        if !id_ok(&parts[2]) {
            return Err(bad());
        }
        Ok(RowCursor {
            key: parts[0].parse().map_err(|_| bad())?,
            merchant_id: parts[1].clone(),
            id: parts[2].clone(),
        })
    }
}

/// Cut one-more-than-asked rows down to the page, with the cursor of its last row when more
/// follow.
pub fn cut<T>(
    mut rows: Vec<T>,
    limit: usize,
    cursor_of: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(cursor_of);
        (rows, next)
    } else {
        (rows, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_written_and_nothing_else_passes() {
        let query = PageQuery {
            limit: None,
            cursor: Some(encode_list_cursor(-5, "d.1")),
        };
        assert_eq!(
            query.list_cursor().expect("a cursor"),
            Some(ListCursor {
                at_us: -5,
                id: "d.1".to_owned()
            })
        );
        for raw in ["", "zz", "0", &encode(&["1"]), &encode(&["x", "d"])] {
            let query = PageQuery {
                limit: None,
                cursor: Some(raw.to_owned()),
            };
            let error = query.list_cursor().expect_err(raw);
            assert_eq!(error.errors[0].field, "cursor");
        }
    }

    #[test]
    fn a_row_cursor_reads_back_only_for_its_order() {
        let cursor = RowCursor {
            key: i64::MAX,
            merchant_id: "M-1".to_owned(),
            id: "T-1".to_owned(),
        };
        let any_id = |_: &str| true;
        let default = cursor.encode(None);
        assert_eq!(
            RowCursor::decode(&default, None, any_id).expect("reads"),
            cursor
        );
        let sorted = cursor.encode(Some("deadline"));
        assert_eq!(
            RowCursor::decode(&sorted, Some("deadline"), any_id).expect("reads"),
            cursor
        );
        for (raw, order) in [
            (&sorted, Some("amount")),
            (&sorted, None),
            (&default, Some("deadline")),
        ] {
            let error = RowCursor::decode(raw, order, any_id).expect_err("another order");
            assert_eq!(error.errors[0].field, "cursor");
        }
        let refused = RowCursor::decode(&default, None, |id| id != "T-1").expect_err("bad id");
        assert_eq!(refused.errors[0].field, "cursor");
        let nul = encode(&["1", "M\u{0}", "T-1"]);
        assert!(RowCursor::decode(&nul, None, any_id).is_err());
    }

    #[test]
    fn the_limit_is_checked_against_the_maximum() {
        let ask = |limit| PageQuery {
            limit,
            cursor: None,
        };
        assert_eq!(ask(None).limit(200).expect("default"), 50);
        assert_eq!(ask(Some(200)).limit(200).expect("the maximum"), 200);
        for wrong in [0, 201] {
            let error = ask(Some(wrong)).limit(200).expect_err("refused");
            assert_eq!(error.errors[0].field, "limit");
        }
    }
}
