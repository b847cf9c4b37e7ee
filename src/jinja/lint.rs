//! Reading an expression or template without running it: the filters, tests, functions and
//! templates it names (so that `contacts | lenght` is an error before anyone fills anything in),
//! and the comparisons of an answer with a fixed value (for type checks a reader can see).
//!
//! Owns: walking minijinja's syntax tree (`unstable_machinery`, hence the exact version pin).
//! Whether a name exists is asked of the environment the text runs in.

use minijinja::machinery::ast::{self, CallArg, Expr, Stmt};

use super::Data;

/// Something named in an expression or template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Named {
    Filter(String),
    Test(String),
    Function(String),
    Template(String),
}

/// A name and the line (from 1) it is on, in the text.
#[derive(Debug, Clone)]
pub(super) struct Use {
    pub named: Named,
    pub line: usize,
}

/// How an answer is compared with a fixed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareKind {
    /// `==` or `!=`.
    Equal,
    /// `<`, `<=`, `>`, `>=`.
    Order,
    /// `'x' in answer` (or `not in`).
    Contains,
}

/// A comparison of an answer (by dotted path) with a literal, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub path: String,
    pub kind: CompareKind,
    pub literal: Data,
}

/// Everything named in an expression.
pub(super) fn expression_uses(expr: &Expr<'_>) -> Vec<Use> {
    let mut out = Vec::new();
    walk_expr(expr, &mut out, &mut Vec::new());
    out
}

/// Everything named in a template, and its comparisons (unused).
pub(super) fn template_uses(stmt: &Stmt<'_>) -> Vec<Use> {
    let mut out = Vec::new();
    walk_stmt(stmt, &mut out);
    out
}

/// The comparisons of answers with literals in an expression.
pub(super) fn comparisons(expr: &Expr<'_>) -> Vec<Comparison> {
    let mut uses = Vec::new();
    let mut out = Vec::new();
    walk_expr(expr, &mut uses, &mut out);
    out
}

fn line(span: minijinja::machinery::Span) -> usize {
    span.start_line as usize
}

fn walk_stmt(stmt: &Stmt<'_>, out: &mut Vec<Use>) {
    let mut cmp = Vec::new();
    let mut e = |x: &Expr<'_>, out: &mut Vec<Use>| walk_expr(x, out, &mut cmp);
    let body = |b: &[Stmt<'_>], out: &mut Vec<Use>| b.iter().for_each(|s| walk_stmt(s, out));
    let template = |x: &Expr<'_>, out: &mut Vec<Use>| {
        if let Expr::Const(c) = x
            && let Some(name) = c.value.as_str()
        {
            out.push(Use {
                named: Named::Template(name.to_string()),
                line: line(c.span()),
            });
        }
    };
    match stmt {
        Stmt::Template(t) => body(&t.children, out),
        Stmt::EmitExpr(x) => e(&x.expr, out),
        Stmt::ForLoop(f) => {
            e(&f.target, out);
            e(&f.iter, out);
            if let Some(x) = &f.filter_expr {
                e(x, out);
            }
            body(&f.body, out);
            body(&f.else_body, out);
        }
        Stmt::IfCond(i) => {
            e(&i.expr, out);
            body(&i.true_body, out);
            body(&i.false_body, out);
        }
        Stmt::WithBlock(w) => {
            for (a, b) in &w.assignments {
                e(a, out);
                e(b, out);
            }
            body(&w.body, out);
        }
        Stmt::Set(s) => e(&s.expr, out),
        Stmt::SetBlock(s) => {
            if let Some(f) = &s.filter {
                e(f, out);
            }
            body(&s.body, out);
        }
        Stmt::AutoEscape(a) => body(&a.body, out),
        Stmt::FilterBlock(f) => {
            e(&f.filter, out);
            body(&f.body, out);
        }
        Stmt::Block(b) => body(&b.body, out),
        Stmt::Import(i) => template(&i.expr, out),
        Stmt::FromImport(i) => template(&i.expr, out),
        Stmt::Extends(x) => template(&x.name, out),
        Stmt::Include(x) => template(&x.name, out),
        Stmt::Macro(m) => {
            m.defaults.iter().for_each(|d| e(d, out));
            body(&m.body, out);
        }
        Stmt::CallBlock(c) => {
            c.call.args.iter().for_each(|a| e(arg(a), out));
            body(&c.macro_decl.body, out);
        }
        Stmt::Do(d) => d.call.args.iter().for_each(|a| e(arg(a), out)),
        _ => {}
    }
}

fn arg<'a, 'b>(a: &'b CallArg<'a>) -> &'b Expr<'a> {
    match a {
        CallArg::Pos(x) | CallArg::Kwarg(_, x) | CallArg::PosSplat(x) | CallArg::KwargSplat(x) => x,
    }
}

/// The dotted path an expression reads (`about.mood`), if it is a plain one.
fn path(expr: &Expr<'_>) -> Option<String> {
    match expr {
        Expr::Var(v) => Some(v.id.to_string()),
        Expr::GetAttr(g) => Some(format!("{}.{}", path(&g.expr)?, g.name)),
        _ => None,
    }
}

fn literal(expr: &Expr<'_>) -> Option<Data> {
    let value = match expr {
        Expr::Const(c) => c.value.clone(),
        Expr::List(l) => l.as_const()?,
        Expr::Tuple(t) => t.as_const()?,
        _ => return None,
    };
    Data::from_value(&value).ok()
}

fn compare(left: &Expr<'_>, op: ast::CompareOpKind, right: &Expr<'_>, cmp: &mut Vec<Comparison>) {
    use ast::CompareOpKind as K;
    let kind = match op {
        K::Eq | K::Ne => CompareKind::Equal,
        K::Lt | K::Lte | K::Gt | K::Gte => CompareKind::Order,
        K::In | K::NotIn => {
            // `'x' in answer`: membership in the answer.
            if let (Some(literal), Some(path)) = (literal(left), path(right)) {
                cmp.push(Comparison {
                    path,
                    kind: CompareKind::Contains,
                    literal,
                });
            }
            return;
        }
    };
    let found = match (path(left), literal(right), path(right), literal(left)) {
        (Some(p), Some(l), _, _) | (_, _, Some(p), Some(l)) => Some((p, l)),
        _ => None,
    };
    if let Some((path, literal)) = found {
        cmp.push(Comparison {
            path,
            kind,
            literal,
        });
    }
}

fn walk_expr(expr: &Expr<'_>, out: &mut Vec<Use>, cmp: &mut Vec<Comparison>) {
    let mut rec = |x: &Expr<'_>, out: &mut Vec<Use>| walk_expr(x, out, cmp);
    match expr {
        Expr::Var(_) | Expr::Const(_) => {}
        Expr::Slice(s) => {
            rec(&s.expr, out);
            for x in [&s.start, &s.stop, &s.step].into_iter().flatten() {
                rec(x, out);
            }
        }
        Expr::UnaryOp(u) => rec(&u.expr, out),
        Expr::BinOp(b) => {
            rec(&b.left, out);
            rec(&b.right, out);
            use ast::{BinOpKind as B, CompareOpKind as K};
            let op = match b.op {
                B::Eq => Some(K::Eq),
                B::Ne => Some(K::Ne),
                B::Lt => Some(K::Lt),
                B::Lte => Some(K::Lte),
                B::Gt => Some(K::Gt),
                B::Gte => Some(K::Gte),
                B::In => Some(K::In),
                _ => None,
            };
            if let Some(op) = op {
                compare(&b.left, op, &b.right, cmp);
            }
        }
        Expr::Compare(c) => {
            rec(&c.expr, out);
            c.ops.iter().for_each(|op| rec(&op.expr, out));
            let mut left = &c.expr;
            for op in &c.ops {
                compare(left, op.op, &op.expr, cmp);
                left = &op.expr;
            }
        }
        Expr::IfExpr(i) => {
            rec(&i.test_expr, out);
            rec(&i.true_expr, out);
            if let Some(f) = &i.false_expr {
                rec(f, out);
            }
        }
        Expr::Filter(f) => {
            out.push(Use {
                named: Named::Filter(f.name.to_string()),
                line: line(f.span()),
            });
            named_in_args(f.name, &f.args, line(f.span()), out);
            if let Some(x) = &f.expr {
                rec(x, out);
            }
            f.args.iter().for_each(|a| rec(arg(a), out));
        }
        Expr::Test(t) => {
            out.push(Use {
                named: Named::Test(t.name.to_string()),
                line: line(t.span()),
            });
            rec(&t.expr, out);
            t.args.iter().for_each(|a| rec(arg(a), out));
        }
        Expr::GetAttr(g) => rec(&g.expr, out),
        Expr::GetItem(g) => {
            rec(&g.expr, out);
            rec(&g.subscript_expr, out);
        }
        Expr::Call(c) => {
            if let Expr::Var(v) = &c.expr {
                out.push(Use {
                    named: Named::Function(v.id.to_string()),
                    line: line(c.span()),
                });
            } else {
                rec(&c.expr, out);
            }
            c.args.iter().for_each(|a| rec(arg(a), out));
        }
        Expr::List(l) => l.items.iter().for_each(|x| rec(x, out)),
        Expr::Tuple(t) => t.items.iter().for_each(|x| rec(x, out)),
        Expr::Map(m) => m.keys.iter().chain(&m.values).for_each(|x| rec(x, out)),
    }
}

/// Filters and tests named as text in the arguments of `map`, `select`, `reject`,
/// `selectattr` and `rejectattr`: `map('int')`, `selectattr('ring', 'equalto', 1)`.
fn named_in_args(filter: &str, args: &[CallArg<'_>], line: usize, out: &mut Vec<Use>) {
    let positional: Vec<&str> = args
        .iter()
        .filter_map(|a| match a {
            CallArg::Pos(Expr::Const(c)) => c.value.as_str(),
            _ => None,
        })
        .collect();
    let by_attribute = args
        .iter()
        .any(|a| matches!(a, CallArg::Kwarg("attribute", _)));
    let named = match filter {
        "map" if !by_attribute => positional.first().map(|n| Named::Filter(n.to_string())),
        "select" | "reject" => positional.first().map(|n| Named::Test(n.to_string())),
        "selectattr" | "rejectattr" => positional.get(1).map(|n| Named::Test(n.to_string())),
        _ => None,
    };
    if let Some(named) = named {
        out.push(Use { named, line });
    }
}
