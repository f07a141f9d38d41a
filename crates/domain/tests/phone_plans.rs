//! The plans built per process format every territory's example numbers
//! exactly as `phonenumber`'s own database and formatter do (run in a
//! process of its own: this one builds that whole database).

use epicevents_domain::{Phone, Region};
use phonenumber::metadata::DATABASE;

#[test]
fn every_territorys_examples_read_as_phonenumber_reads_them() {
    let mut compared = 0;
    for meta in DATABASE.iter() {
        let Ok(region) = meta.id().parse::<Region>() else {
            continue;
        };
        let d = meta.descriptors();
        for example in [d.fixed_line(), d.mobile()]
            .into_iter()
            .flatten()
            .filter_map(|x| x.example())
        {
            let typed = format!("+{} {example}", meta.country_code());
            let theirs = phonenumber::parse(None, &typed).map(|n| {
                n.format()
                    .mode(phonenumber::Mode::International)
                    .to_string()
            });
            let ours = Phone::parse_in(&typed, region).map(|p| p.as_str().to_owned());
            if let Ok(theirs) = theirs {
                assert_eq!(
                    ours.as_deref(),
                    Ok(theirs.as_str()),
                    "{typed} in {}",
                    meta.id()
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 400, "{compared} numbers compared");
}
