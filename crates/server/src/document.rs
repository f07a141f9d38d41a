//! The OpenAPI document is one a client generator takes: every path
//! parameter of every operation declared, every schema it names defined.

use serde_json::Value;

fn document() -> Value {
    let (_, _, doc) = super::routes_and_document();
    serde_json::from_str(&doc.to_json().expect("the document serialises")).expect("JSON")
}

#[test]
fn every_path_parameter_is_declared_by_each_of_its_operations() {
    let doc = document();
    let mut missing = Vec::new();
    for (path, operations) in doc["paths"].as_object().expect("paths") {
        let wanted: Vec<&str> = path
            .split('/')
            .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        for (method, operation) in operations.as_object().expect("operations") {
            let declared: Vec<&str> = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .filter_map(|p| p["name"].as_str())
                .collect();
            for name in &wanted {
                if !declared.contains(name) {
                    missing.push(format!("{method} {path}: {name}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "undeclared path parameters:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_schema_the_document_names_is_defined() {
    fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    found.push(r);
                }
                map.values().for_each(|v| refs(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
            _ => {}
        }
    }
    let doc = document();
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty(), "the document names no schema");
    let unresolved: Vec<&&str> = found
        .iter()
        .filter(|r| {
            let Some(name) = r.strip_prefix("#/components/schemas/") else {
                return true;
            };
            doc["components"]["schemas"][name].is_null()
        })
        .collect();
    assert!(unresolved.is_empty(), "unresolved: {unresolved:?}");
}

/// The server answers each of the contract's routes with its method, and
/// no other under the API's base: a route renamed in the contract moves the
/// handler with it, and a method changed on one side only fails here.
#[test]
fn the_document_serves_the_contracts_routes_and_no_others() {
    use epicevents_api::routes::{ALL, BASE};
    let doc = document();
    let mut served: Vec<String> = Vec::new();
    for (path, operations) in doc["paths"].as_object().expect("paths") {
        let Some(path) = path.strip_prefix(BASE) else {
            continue;
        };
        for method in operations.as_object().expect("operations").keys() {
            served.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    let mut contract: Vec<String> = ALL
        .iter()
        .map(|r| format!("{} {}", r.method.as_str(), r.path))
        .collect();
    served.sort();
    contract.sort();
    assert_eq!(served, contract);
}
