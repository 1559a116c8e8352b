//! Dates in the signed-in area: how they read is shared with the server's pages (`motcua::dates`);
//! today's date is the browser's.

use motcua_api::calendar::Date;

pub use motcua::dates::*;

/// Today in Vietnam.
pub fn today() -> Date {
    Date::in_vietnam((js_sys::Date::now() / 1000.0) as i64)
}
