//! A case of the spec diff's corpus: the edits to the seeds, and the change that must come
//! out; how a case makes the two trees the diff (and the semver check) compares.

use vodspec_codegen::diff::Class;
use vodspec_tests::spec_tree::Tree;

// The seed files the cases edit, and the edits several cases share.

pub const H: &str = "huaweicloud/mpc/list-thumbnails-task.yaml";
pub const HV: &str = "huaweicloud/vendor.yaml";
pub const D: &str = "huaweicloud/mpc/delete-thumbnails-task.yaml";
pub const P: &str = "polyv/vod/get-snapshot-task-status.yaml";
pub const PA: &str = "polyv/vod/add-snapshot-task.yaml";
pub const PV: &str = "polyv/vendor.yaml";
pub const C: &str = "haplat/vod/video-concat-query.yaml";
pub const Q: &str = "haplat/vod/pull-video-query.yaml";
pub const CT: &str = "huaweicloud/mpc/create-thumbnails-task.yaml";
pub const PV2: &str = "haplat/vod/pull-video.yaml";
pub const VC: &str = "haplat/vod/video-clip.yaml";

/// Where the operation-added case copies `P`.
pub const P_COPY: &str = "polyv/vod/get-snapshot-task-status-copy.yaml";
pub const LIST_PAGINATION: &str = "pagination:\n  page_param: page\n  size_param: size\n  first_page: 0\n  items: task_array\n  truncated: is_truncated\n  total: total\n";
pub const SNAPSHOT_MODEL: &str = "  Snapshot:\n    doc: 截图信息\n    fields:\n      offsetTime:\n        type: optional<i64>\n        doc: 截图时间点\n        remark: seconds into the video, as the example's 5, 10, 15, 20 show\n      imageUrl:\n        type: optional<string>\n        format: url\n        doc: 截图的url地址\n";
pub const THUMBNAIL_TYPE: &str = "  ThumbnailType:\n    doc: 采样类型。默认值：\"TIME\"\n    enum: string\n    values:\n      TIME: 根据时间间隔采样截图。\n      DOTS: 指定时间点截图。选择同步截图时，需指定此类型。\n      DOTS_MS: 同步截图指定时间点毫秒值。\n";
pub const PULL_WAITER: &str = "waiter:\n  path: status\n  success:\n    - 2\n  pending:\n    - 1\n  doc: Waits until the fetch task is Completed (2); each video's own result is in `items`.\n";
pub const PULL_CREATES: &str =
    "creates:\n  waiter: pull-video-query\n  param: taskId\n  id: taskId\n";
pub const SECURITY_TOKEN: &str = "  security_token:\n    env: HUAWEICLOUD_SDK_SECURITY_TOKEN\n    sensitive: true\n    optional: true\n    doc: The security token that comes with temporary AK/SK; sent in `X-Security-Token` and signed.\n";

/// Huawei's security token gone: its credential and its place in the AK/SK scheme.
pub const NO_SECURITY_TOKEN: &[Edit] = &[
    (HV, SECURITY_TOKEN, ""),
    (HV, "      - security_token\n", ""),
];
/// The thumbnail type enum gone: its field holds text.
pub const NO_THUMBNAIL_TYPE: &[Edit] = &[
    (
        CT,
        "type: optional<ThumbnailType>",
        "type: optional<string>",
    ),
    (CT, THUMBNAIL_TYPE, ""),
];
/// pull-video-query's waiter gone, and with it the create that names it.
pub const NO_PULL_WAITER: &[Edit] = &[(Q, PULL_WAITER, ""), (PV2, PULL_CREATES, "")];

/// One edit: in this file, replace the first `from` with `to`.
pub type Edit = (&'static str, &'static str, &'static str);

/// One rule's case: edits to the seeds, whether the diff runs backwards (the edited tree as the
/// base), and the change that must come out.
#[derive(Clone, Copy)]
pub struct Case {
    pub rule: &'static str,
    pub edits: &'static [Edit],
    /// A spec file copied to a new path in the edited tree (a new operation).
    pub copy: Option<(&'static str, &'static str)>,
    /// A file or folder gone from the edited tree (a vendor's).
    pub remove: Option<&'static str>,
    pub reverse: bool,
    pub class: Class,
    pub item: &'static str,
    /// The other rules the edit makes fire: with `rule`, exactly the rules that must come out.
    pub also: &'static [&'static str],
}

impl Case {
    pub const fn also(self, also: &'static [&'static str]) -> Case {
        Case { also, ..self }
    }

    pub const fn copying(self, from: &'static str, to: &'static str) -> Case {
        Case {
            copy: Some((from, to)),
            ..self
        }
    }

    pub const fn removing(self, rel: &'static str) -> Case {
        Case {
            remove: Some(rel),
            ..self
        }
    }

    /// The trees the diff compares, `(old, new)`: the seeds and the edited copy, swapped when
    /// the case runs backwards.
    pub fn trees(&self) -> (Tree, Tree) {
        let (base, edited) = (Tree::new("base"), Tree::new(self.rule));
        for (rel, from, to) in self.edits {
            edited.edit(rel, from, to);
        }
        if let Some((from, to)) = self.copy {
            edited.copy(from, to);
        }
        if let Some(rel) = self.remove {
            edited.remove(rel);
        }
        if self.reverse {
            (edited, base)
        } else {
            (base, edited)
        }
    }

    /// The vendor folders the case touches.
    pub fn vendors(&self) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = self
            .edits
            .iter()
            .map(|e| e.0)
            .chain(self.copy.map(|c| c.1))
            .chain(self.remove)
            .map(|rel| rel.split('/').next().unwrap_or(rel))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

pub const fn case(
    rule: &'static str,
    edits: &'static [Edit],
    class: Class,
    item: &'static str,
) -> Case {
    Case {
        rule,
        edits,
        copy: None,
        remove: None,
        reverse: false,
        class,
        item,
        also: &[],
    }
}

pub const fn back(
    rule: &'static str,
    edits: &'static [Edit],
    class: Class,
    item: &'static str,
) -> Case {
    Case {
        reverse: true,
        ..case(rule, edits, class, item)
    }
}
