//! Each service folder is a cargo feature: built with one service alone
//! (`--no-default-features --features fixture-hard`, as `.ci/run` does) the crate holds that
//! service's operations only, and the vendors' API tables and command line say so; built with
//! the defaults it holds all of them.

use vodspec_fixture_client::APIS;

fn operations(vendor: &str) -> Option<Vec<&'static str>> {
    let api = APIS.iter().find(|a| a.vendor.id == vendor)?;
    Some(api.operations.iter().map(|o| o.name).collect())
}

#[test]
fn the_api_tables_follow_the_enabled_services() {
    let fixture = operations("fixture").unwrap_or_default();
    assert_eq!(fixture.contains(&"match"), cfg!(feature = "fixture-hard"));
    assert_eq!(
        fixture.contains(&"plain-get"),
        cfg!(feature = "fixture-plain")
    );
    assert_eq!(
        operations("match").is_some(),
        cfg!(feature = "match-hard"),
        "a vendor none of whose services is enabled is not compiled"
    );
    // The vendor's own feature is all of its services.
    if cfg!(feature = "fixture") {
        assert_eq!(fixture, ["match", "plain-get"]);
    }
}

#[cfg(feature = "cli")]
#[test]
fn the_command_line_follows_the_enabled_services() {
    for v in vodspec_fixture_client::CLI_VENDORS {
        let api = APIS.iter().find(|a| a.vendor.id == v.vendor.id).unwrap();
        let cli: Vec<&str> = v.operations.iter().map(|o| o.desc().name).collect();
        let apis: Vec<&str> = api.operations.iter().map(|o| o.name).collect();
        assert_eq!(cli, apis, "{}", v.vendor.id);
    }
}

/// The client has a method for an enabled service's operation only; this compiles with either
/// set of features because each use is under its own.
#[test]
fn the_client_follows_the_enabled_services() {
    #[cfg(feature = "fixture-plain")]
    {
        use vodspec_fixture_client::fixture::{Client, Credentials};
        let creds = Credentials::new("ak", "sk");
        let request = Client::new(creds).plain_get().q("ab");
        assert!(request.prepare().is_ok());
    }
}

/// The fixture vendor asks for a crate per service (`crates: per-service`): its types are that
/// crate's, at the paths a one-crate vendor has them, and every operation names the one
/// descriptor the client holds.
#[test]
fn a_vendor_of_several_services_is_a_crate_per_service() {
    #[cfg(feature = "fixture-hard")]
    {
        use vodspec_fixture_client::fixture::{VENDOR, r#match::Match};
        use vodspec_runtime::Operation;
        assert!(
            std::any::type_name::<Match>().starts_with("vodspec_fixture_client_fixture_hard::"),
            "{}",
            std::any::type_name::<Match>()
        );
        assert!(std::ptr::eq(Match::DESC.vendor, &VENDOR));
        let api = APIS.iter().find(|a| a.vendor.id == "fixture").unwrap();
        assert!(std::ptr::eq(api.vendor, &VENDOR));
    }
    #[cfg(feature = "fixture-plain")]
    {
        use vodspec_fixture_client::fixture::plain_get::PlainGet;
        assert!(
            std::any::type_name::<PlainGet>().starts_with("vodspec_fixture_client_fixture_plain::")
        );
    }
}
