//! What a theme's templates may call. A theme can come with the content
//! tree (`theme:` in site.yaml), so it is input like the rest: Tera's
//! `get_env` would print the builder's environment (tokens, paths) into a
//! published page, and `range` would allocate whatever length it is asked
//! for. Both are replaced here; every other function and filter is Tera's.
//!
//! This module registers functions; it renders nothing.

use std::collections::HashMap;

use tera::{Error, Result, Tera, Value};

/// The longest list `range` makes: far beyond any page (a period's agencies
/// are listed from the data, not counted out), far below exhausting memory.
pub const RANGE_LIMIT: u64 = 100_000;

/// Replaces the functions a theme must not reach.
pub fn confine(tera: &mut Tera) {
    tera.register_function("get_env", refuse_env);
    tera.register_function("range", bounded_range);
}

fn refuse_env(_: &HashMap<String, Value>) -> Result<Value> {
    Err(Error::msg(crate::tr!(
        "`get_env` is not available to themes: a page never shows the environment of the machine that builds it",
        "`get_env` tidak tersedia bagi tema: halaman tidak pernah menampilkan lingkungan mesin yang membangunnya"
    )))
}

/// Tera's `range(end, start=0, step_by=1)`, refusing more than
/// [`RANGE_LIMIT`] items.
fn bounded_range(args: &HashMap<String, Value>) -> Result<Value> {
    let number = |name: &str, default: Option<u64>| -> Result<u64> {
        match args.get(name) {
            Some(v) => v.as_u64().ok_or_else(|| {
                Error::msg(crate::tr!(
                    "`range`: `{name}` must be a whole number from 0, got {v}",
                    "`range`: `{name}` harus bilangan bulat mulai 0, tertulis {v}"
                ))
            }),
            None => default.ok_or_else(|| {
                Error::msg(crate::tr!(
                    "`range` needs an `end` argument",
                    "`range` memerlukan argumen `end`"
                ))
            }),
        }
    };
    let (start, end, step) = (
        number("start", Some(0))?,
        number("end", None)?,
        number("step_by", Some(1))?,
    );
    if step == 0 {
        return Err(Error::msg(crate::tr!(
            "`range`: `step_by` must be above 0",
            "`range`: `step_by` harus lebih dari 0"
        )));
    }
    if start > end {
        return Err(Error::msg(crate::tr!(
            "`range`: `start` must not be above `end`",
            "`range`: `start` tidak boleh lebih dari `end`"
        )));
    }
    let count = (end - start).div_ceil(step);
    if count > RANGE_LIMIT {
        return Err(Error::msg(crate::tr!(
            "`range` would make {count} items; a theme may make at most {RANGE_LIMIT}",
            "`range` akan membuat {count} butir; tema paling banyak boleh membuat {RANGE_LIMIT}"
        )));
    }
    Ok(Value::Array(
        (start..end)
            .step_by(step as usize)
            .map(Value::from)
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use tera::Context;

    /// Renders `template` with the engine every theme gets.
    fn render(template: &str) -> Result<String, String> {
        let mut tera = super::super::engine();
        tera.add_raw_template("t.html", template)
            .map_err(|e| e.to_string())?;
        let mut ctx = Context::new();
        ctx.insert("name", "Dinas A & B <Baru>");
        ctx.insert("n", &72.456_f64);
        ctx.insert("list", &vec!["a", "b", "c"]);
        ctx.insert("nothing", &Option::<String>::None);
        tera.render("t.html", &ctx).map_err(|e| format!("{e:?}"))
    }

    /// The filters themes use behave as Tera 1.x documents them, with
    /// tolok's escaping (which leaves `/` alone).
    #[test]
    fn filters_behave_as_upstream_documents() {
        for (template, expected) in [
            ("{{ name }}", "Dinas A &amp; B &lt;Baru&gt;"),
            ("{{ name | safe }}", "Dinas A & B <Baru>"),
            ("{{ n | round(precision=1) }}", "72.5"),
            ("{{ n | round(method=\"floor\") }}", "72"),
            ("{{ list | join(sep=\", \") }}", "a, b, c"),
            ("{{ list | length }}", "3"),
            ("{{ list | first }}-{{ list | last }}", "a-c"),
            ("{{ \"a/b\" }}", "a/b"),
            ("{{ \"Hello\" | lower | upper }}", "HELLO"),
            ("{{ \"x y\" | replace(from=\" \", to=\"-\") }}", "x-y"),
            ("{{ \"abcdef\" | truncate(length=3) }}", "abc…"),
            ("{{ 1 | pluralize(singular=\"\", plural=\"s\") }}", ""),
            ("{{ \"<p>\" | striptags }}", ""),
            ("{{ missing | default(value=\"-\") }}", "-"),
            ("{% for i in range(end=3) %}{{ i }}{% endfor %}", "012"),
            (
                "{% for i in range(start=2, end=9, step_by=3) %}{{ i }}{% endfor %}",
                "258",
            ),
        ] {
            assert_eq!(render(template).as_deref(), Ok(expected), "{template}");
        }
    }

    /// Upstream's later 1.x fix: a `default` value is escaped once, not
    /// twice (1.20.1 printed `&amp;amp;`).
    #[test]
    fn a_default_value_is_escaped_once() {
        assert_eq!(
            render("{{ missing | default(value=\"A & B\") }}").as_deref(),
            Ok("A &amp; B")
        );
        assert_eq!(
            render("{{ nothing | default(value=name) }}").as_deref(),
            Ok("Dinas A &amp; B &lt;Baru&gt;")
        );
        assert_eq!(
            render("{{ missing | default(value=name) | safe }}").as_deref(),
            Ok("Dinas A & B <Baru>")
        );
    }

    #[test]
    fn a_theme_cannot_read_the_environment() {
        std::env::set_var("TOLOK_TEST_SECRET", "rahasia");
        let out = render("{{ get_env(name=\"TOLOK_TEST_SECRET\") }}");
        let err = out.expect_err("get_env must fail");
        assert!(!err.contains("rahasia"), "{err}");
        assert!(err.contains("get_env"), "{err}");
    }

    #[test]
    fn a_theme_cannot_ask_for_an_endless_list() {
        let err = render("{% for i in range(end=1000000000000) %}{{ i }}{% endfor %}")
            .expect_err("refused");
        assert!(err.contains("at most 100000"), "{err}");
        assert_eq!(
            render("{{ range(end=100000) | length }}").as_deref(),
            Ok("100000")
        );
        assert!(render("{{ range(end=3, step_by=0) }}").is_err());
        assert!(render("{{ range(start=5, end=3) }}").is_err());
    }
}
