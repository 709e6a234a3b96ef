//! CLDR plural categories for the catalogue languages, integers only (counts and whole
//! minutes/seconds are all the app formats). Written out rather than pulled from a rules
//! crate: three small rules cost nothing in the bundle, and the tests pin them to CLDR's
//! examples. A new language must add its rule here (the match does not compile otherwise).

use super::Lang;

/// The plural category of `n` in `lang`: "one", "many" or "other".
pub fn category(lang: Lang, n: i64) -> &'static str {
    let n = n.unsigned_abs();
    match lang {
        // CLDR: one = i = 1 and v = 0.
        Lang::En | Lang::De => {
            if n == 1 { "one" } else { "other" }
        }
        // CLDR: one = n = 1; many = e = 0 and i != 0 and i % 1000000 = 0 and v = 0.
        Lang::Es => {
            if n == 1 {
                "one"
            } else if n != 0 && n.is_multiple_of(1_000_000) {
                "many"
            } else {
                "other"
            }
        }
    }
}
