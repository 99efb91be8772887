//! Reduced ordered multi-valued decision diagrams: the compiled form that makes the
//! outcome exact over all completions without enumerating them.
//!
//! Every variable is tested at most once on a path and variables are independent, so
//! every path is satisfiable: the leaves reachable from a root, following the edge of
//! each known variable and every edge of each unknown one, are exactly the values the
//! function takes over the completions of a partial assignment.

use crate::logic::bits::Bits;
use rustc_hash::FxHashMap as HashMap;

/// An index into the diagram's nodes.
pub(crate) type NodeId = u32;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Node {
    Leaf(u32),
    Branch { var: u32, children: Box<[NodeId]> },
}

/// The node budget was exhausted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooLarge;

/// A frozen diagram shared by all the roots compiled into it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Diagram {
    pub(crate) nodes: Vec<Node>,
}

impl Diagram {
    /// The set of leaf values reachable from `root` under `assignment`, as a bit mask
    /// (leaf values must be below 64). `assignment[var]` is `None` while unknown.
    pub(crate) fn reach(&self, root: NodeId, assignment: &[Option<u8>]) -> u64 {
        // Every node reaches at least one leaf, so 0 marks "not yet computed".
        let mut memo = vec![0u64; self.nodes.len()];
        self.reach_memo(root, assignment, &mut memo)
    }

    /// [`Diagram::reach`] with a caller's memo of at least [`Diagram::len`] zeroed entries,
    /// so that it allocates nothing.
    pub(crate) fn reach_with(
        &self,
        root: NodeId,
        assignment: &[Option<u8>],
        memo: &mut [u64],
    ) -> u64 {
        self.reach_memo(root, assignment, memo)
    }

    /// Marks in `tested` the variable of every node reachable from `root` under
    /// `assignment`: following a known variable's edge and every edge of an unknown one.
    pub(crate) fn tested(&self, root: NodeId, assignment: &[Option<u8>], tested: &mut Bits) {
        let mut seen = Bits::new(self.nodes.len());
        self.mark_tested(root, assignment, tested, &mut seen);
    }

    // Each step goes to a later variable, so the recursion is no deeper than the variables
    // (at most `Limits::MAX_VARIABLES`), as in `reach_memo`.
    fn mark_tested(
        &self,
        id: NodeId,
        assignment: &[Option<u8>],
        tested: &mut Bits,
        seen: &mut Bits,
    ) {
        if seen.contains(id as usize) {
            return;
        }
        seen.insert(id as usize);
        if let Some(Node::Branch { var, children }) = self.nodes.get(id as usize) {
            tested.insert(*var as usize);
            match assignment.get(*var as usize).copied().flatten() {
                Some(v) => {
                    if let Some(c) = children.get(usize::from(v)) {
                        self.mark_tested(*c, assignment, tested, seen);
                    }
                }
                None => {
                    for c in children.iter() {
                        self.mark_tested(*c, assignment, tested, seen);
                    }
                }
            }
        }
    }

    /// Follows the known variables of `assignment` down from `root`: the leaf's value as a
    /// bit mask, or the first node whose variable is unknown.
    pub(crate) fn follow(&self, root: NodeId, assignment: &[Option<u8>]) -> Result<u64, NodeId> {
        let mut id = root;
        // Children come before their parents (nodes are interned bottom-up), so ids
        // strictly fall along a path and the walk ends.
        loop {
            match self.nodes.get(id as usize) {
                Some(Node::Leaf(value)) => return Ok(1u64.checked_shl(*value).unwrap_or(0)),
                Some(Node::Branch { var, children }) => {
                    let Some(value) = assignment.get(*var as usize).copied().flatten() else {
                        return Err(id);
                    };
                    match children.get(usize::from(value)) {
                        Some(child) if *child < id => id = *child,
                        _ => return Ok(0),
                    }
                }
                None => return Ok(0),
            }
        }
    }

    fn reach_memo(&self, id: NodeId, assignment: &[Option<u8>], memo: &mut [u64]) -> u64 {
        if let Some(found) = memo.get(id as usize).copied().filter(|m| *m != 0) {
            return found;
        }
        let result = match self.nodes.get(id as usize) {
            Some(Node::Leaf(value)) => 1u64.checked_shl(*value).unwrap_or(0),
            Some(Node::Branch { var, children }) => {
                match assignment.get(*var as usize).copied().flatten() {
                    Some(value) => children
                        .get(usize::from(value))
                        .map_or(0, |c| self.reach_memo(*c, assignment, memo)),
                    None => children
                        .iter()
                        .fold(0, |acc, c| acc | self.reach_memo(*c, assignment, memo)),
                }
            }
            None => 0,
        };
        if let Some(slot) = memo.get_mut(id as usize) {
            *slot = result;
        }
        result
    }

    /// [`Diagram::reach`] across several assignments that differ only in variables up to
    /// `boundary` (in diagram order). The memo entries of nodes testing a later variable,
    /// and of leaves, stay valid from one assignment to the next and are kept; those of
    /// the other nodes are cleared before it returns. [`ReachScratch::clear`] forgets the
    /// kept ones too, for when the other variables change.
    pub(crate) fn reach_sharing(
        &self,
        root: NodeId,
        assignment: &[Option<u8>],
        boundary: u32,
        scratch: &mut ReachScratch,
    ) -> u64 {
        if scratch.memo.len() < self.nodes.len() {
            scratch.memo.resize(self.nodes.len(), 0);
        }
        let result = self.reach_recording(root, assignment, boundary, scratch);
        for id in scratch.volatile.drain(..) {
            if let Some(slot) = scratch.memo.get_mut(id as usize) {
                *slot = 0;
            }
        }
        result
    }

    fn reach_recording(
        &self,
        id: NodeId,
        assignment: &[Option<u8>],
        boundary: u32,
        scratch: &mut ReachScratch,
    ) -> u64 {
        if let Some(found) = scratch.memo.get(id as usize).copied().filter(|m| *m != 0) {
            return found;
        }
        let node = self.nodes.get(id as usize);
        let result = match node {
            Some(Node::Leaf(value)) => 1u64.checked_shl(*value).unwrap_or(0),
            Some(Node::Branch { var, children }) => {
                match assignment.get(*var as usize).copied().flatten() {
                    Some(value) => children.get(usize::from(value)).map_or(0, |c| {
                        self.reach_recording(*c, assignment, boundary, scratch)
                    }),
                    None => children.iter().fold(0, |acc, c| {
                        acc | self.reach_recording(*c, assignment, boundary, scratch)
                    }),
                }
            }
            None => 0,
        };
        if let Some(slot) = scratch.memo.get_mut(id as usize) {
            *slot = result;
            if node.is_some_and(|n| top_var(n) <= boundary) {
                scratch.volatile.push(id);
            } else {
                scratch.kept.push(id);
            }
        }
        result
    }

    /// Whether the function at `root`, with the known variables of `assignment` fixed,
    /// depends on any of the unknown variables `vars`: whether some completion of the
    /// other unknowns gives different leaves for different values of one of them.
    ///
    /// Linear in the nodes reachable under the assignment: each is given, bottom-up, a
    /// canonical id for its function restricted by the assignment (a known variable takes
    /// its child's id; an unknown one whose children all have the same id takes that id;
    /// any other is interned by its variable and its children's ids), so two nodes get
    /// the same id exactly when their restricted functions are equal. Every path is
    /// satisfiable, so the function depends on `var` exactly when some reachable node
    /// testing `var` has children whose ids are not all equal. The walk keeps its own
    /// stack: no recursion, however many nodes.
    pub(crate) fn depends_on_any(
        &self,
        root: NodeId,
        assignment: &[Option<u8>],
        vars: &[u32],
        scratch: &mut DependsScratch,
    ) -> bool {
        let found = self.restrict(root, assignment, vars, scratch);
        scratch.reset();
        found
    }

    fn restrict(
        &self,
        root: NodeId,
        assignment: &[Option<u8>],
        vars: &[u32],
        scratch: &mut DependsScratch,
    ) -> bool {
        if scratch.canon.len() < self.nodes.len() {
            scratch.canon.resize(self.nodes.len(), UNSEEN);
        }
        let DependsScratch {
            canon,
            touched,
            unique,
            key,
            stack,
        } = scratch;
        let id_of = |n: NodeId, canon: &[u32]| canon.get(n as usize).copied().unwrap_or(ABSENT);
        stack.clear();
        stack.push((root, false));
        while let Some((id, ready)) = stack.pop() {
            if canon.get(id as usize).is_none_or(|c| *c != UNSEEN) {
                continue;
            }
            let value = match self.nodes.get(id as usize) {
                None => continue,
                Some(Node::Leaf(v)) => {
                    key.clear();
                    key.extend([u32::MAX, *v]);
                    intern(unique, key)
                }
                Some(Node::Branch { var, children }) => {
                    let known = assignment.get(*var as usize).copied().flatten();
                    if !ready {
                        stack.push((id, true));
                        match known {
                            Some(v) => {
                                stack.extend(children.get(usize::from(v)).map(|c| (*c, false)))
                            }
                            None => stack.extend(children.iter().map(|c| (*c, false))),
                        }
                        continue;
                    }
                    match known {
                        Some(v) => children
                            .get(usize::from(v))
                            .map_or(ABSENT, |c| id_of(*c, canon)),
                        None => {
                            key.clear();
                            key.push(*var);
                            key.extend(children.iter().map(|c| id_of(*c, canon)));
                            let first = key.get(1).copied().unwrap_or(ABSENT);
                            if key.iter().skip(1).all(|c| *c == first) {
                                first
                            } else if vars.contains(var) {
                                return true;
                            } else {
                                intern(unique, key)
                            }
                        }
                    }
                }
            };
            if let Some(slot) = canon.get_mut(id as usize) {
                *slot = value;
                touched.push(id);
            }
        }
        false
    }

    /// Whether two completions of `assignment` that differ only in one of the unknown
    /// variables `vars`, neither reaching leaf `excluded`, reach different leaves: the
    /// dependence [`Diagram::depends_on_any`] finds, among consistent completions only
    /// when `excluded` marks what constraints rule out.
    ///
    /// On a path, every variable is tested once, so two such completions follow one path
    /// down to a node testing the variable and then two of its children: the question is
    /// whether those two children's functions differ at a point where neither is
    /// excluded, which a walk over pairs of nodes answers, each pair once.
    pub(crate) fn differs_consistently(
        &self,
        root: NodeId,
        assignment: &[Option<u8>],
        vars: &[u32],
        excluded: u32,
    ) -> bool {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack = vec![root];
        let mut pairs: HashMap<(NodeId, NodeId), bool> = HashMap::default();
        while let Some(id) = stack.pop() {
            match seen.get_mut(id as usize) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            let Some(Node::Branch { var, children }) = self.nodes.get(id as usize) else {
                continue;
            };
            match assignment.get(*var as usize).copied().flatten() {
                Some(v) => stack.extend(children.get(usize::from(v))),
                None => {
                    if vars.contains(var) {
                        for (i, a) in children.iter().enumerate() {
                            for b in children.iter().skip(i + 1) {
                                if self.pair_differs(*a, *b, assignment, excluded, &mut pairs) {
                                    return true;
                                }
                            }
                        }
                    }
                    stack.extend(children.iter());
                }
            }
        }
        false
    }

    // Each step goes to a later variable in one node or both, so the recursion is no
    // deeper than twice the variables.
    fn pair_differs(
        &self,
        a: NodeId,
        b: NodeId,
        assignment: &[Option<u8>],
        excluded: u32,
        memo: &mut HashMap<(NodeId, NodeId), bool>,
    ) -> bool {
        if a == b {
            return false;
        }
        if let Some(found) = memo.get(&(a, b)) {
            return *found;
        }
        let (Some(na), Some(nb)) = (self.nodes.get(a as usize), self.nodes.get(b as usize)) else {
            return false;
        };
        let result = match (na, nb) {
            (Node::Leaf(x), _) | (_, Node::Leaf(x)) if *x == excluded => false,
            (Node::Leaf(x), Node::Leaf(y)) => x != y,
            _ => {
                let var = top_var(na).min(top_var(nb));
                let child = |node: &Node, id: NodeId, v: usize| match node {
                    Node::Branch { var: w, children } if *w == var => {
                        children.get(v).copied().unwrap_or(id)
                    }
                    _ => id,
                };
                let size = [na, nb]
                    .iter()
                    .filter_map(|n| match n {
                        Node::Branch { var: w, children } if *w == var => Some(children.len()),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(0);
                match assignment.get(var as usize).copied().flatten() {
                    Some(v) => {
                        let v = usize::from(v);
                        self.pair_differs(
                            child(na, a, v),
                            child(nb, b, v),
                            assignment,
                            excluded,
                            memo,
                        )
                    }
                    None => (0..size).any(|v| {
                        self.pair_differs(
                            child(na, a, v),
                            child(nb, b, v),
                            assignment,
                            excluded,
                            memo,
                        )
                    }),
                }
            }
        };
        memo.insert((a, b), result);
        result
    }

    /// The size of the diagram reachable from `roots`: one for each node, leaves included,
    /// plus one for each of its children (a walk over it looks at every edge).
    pub(crate) fn reachable_size(&self, roots: &[NodeId]) -> usize {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack = roots.to_vec();
        let mut size: usize = 0;
        while let Some(id) = stack.pop() {
            match seen.get_mut(id as usize) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            size = size.saturating_add(1);
            if let Some(Node::Branch { children, .. }) = self.nodes.get(id as usize) {
                size = size.saturating_add(children.len());
                stack.extend(children.iter());
            }
        }
        size
    }

    /// How many nodes the diagram holds.
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }
}

/// Marks a node whose canonical id is not yet computed.
const UNSEEN: u32 = u32::MAX;
/// The canonical id of a child that does not exist (a value outside the domain).
const ABSENT: u32 = u32::MAX - 1;

/// The id of a restricted function, `key` being `[variable, children's ids...]` or
/// `[u32::MAX, leaf value]`; new ids count up from 0.
fn intern(unique: &mut HashMap<Box<[u32]>, u32>, key: &[u32]) -> u32 {
    if let Some(found) = unique.get(key) {
        return *found;
    }
    let id = u32::try_from(unique.len()).unwrap_or(ABSENT);
    unique.insert(key.into(), id);
    id
}

/// Reusable buffers for [`Diagram::depends_on_any`], so that checking many facts against
/// one diagram allocates once.
#[derive(Debug, Default)]
pub(crate) struct DependsScratch {
    canon: Vec<u32>,
    touched: Vec<NodeId>,
    unique: HashMap<Box<[u32]>, u32>,
    key: Vec<u32>,
    stack: Vec<(NodeId, bool)>,
}

impl DependsScratch {
    fn reset(&mut self) {
        for id in self.touched.drain(..) {
            if let Some(slot) = self.canon.get_mut(id as usize) {
                *slot = UNSEEN;
            }
        }
        self.unique.clear();
        self.stack.clear();
    }
}

/// Reusable memo for [`Diagram::reach_sharing`].
#[derive(Debug, Default)]
pub(crate) struct ReachScratch {
    pub(crate) memo: Vec<u64>,
    volatile: Vec<NodeId>,
    kept: Vec<NodeId>,
}

impl ReachScratch {
    /// Forgets every memo entry, kept ones included.
    pub(crate) fn clear(&mut self) {
        for id in self.kept.drain(..).chain(self.volatile.drain(..)) {
            if let Some(slot) = self.memo.get_mut(id as usize) {
                *slot = 0;
            }
        }
    }
}

pub(crate) fn top_var(node: &Node) -> u32 {
    match node {
        Node::Leaf(_) => u32::MAX,
        Node::Branch { var, .. } => *var,
    }
}
