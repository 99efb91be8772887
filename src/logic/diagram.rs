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
enum Node {
    Leaf(u32),
    Branch { var: u32, children: Box<[NodeId]> },
}

/// The node budget was exhausted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooLarge;

/// A frozen diagram shared by all the roots compiled into it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Diagram {
    nodes: Vec<Node>,
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
    memo: Vec<u64>,
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

/// Operations combining two diagrams leaf by leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Op {
    And,
    Or,
    /// `if left { k } else { right }`: prepends outcome `k` to an ordered outcome list.
    Select(u32),
}

impl Op {
    fn leaf(self, a: u32, b: u32) -> u32 {
        match self {
            Op::And => u32::from(a == 1 && b == 1),
            Op::Or => u32::from(a == 1 || b == 1),
            Op::Select(k) => {
                if a == 1 {
                    k
                } else {
                    b
                }
            }
        }
    }
}

/// Builds a [`Diagram`] within a node budget, sharing equal sub-diagrams.
pub(crate) struct Builder {
    nodes: Vec<Node>,
    domains: Vec<u8>,
    unique: HashMap<Node, NodeId>,
    memo: HashMap<(Op, NodeId, NodeId), NodeId>,
    negations: HashMap<NodeId, NodeId>,
    budget: usize,
}

impl Builder {
    /// A builder over variables with these domain sizes, in diagram order.
    pub(crate) fn new(domains: Vec<u8>, budget: usize) -> Builder {
        Builder {
            nodes: Vec::new(),
            domains,
            unique: HashMap::default(),
            memo: HashMap::default(),
            negations: HashMap::default(),
            budget,
        }
    }

    pub(crate) fn finish(self) -> Diagram {
        Diagram { nodes: self.nodes }
    }

    fn intern(&mut self, node: Node) -> Result<NodeId, TooLarge> {
        if let Some(id) = self.unique.get(&node) {
            return Ok(*id);
        }
        if self.nodes.len() >= self.budget {
            return Err(TooLarge);
        }
        let id = NodeId::try_from(self.nodes.len()).map_err(|_| TooLarge)?;
        self.nodes.push(node.clone());
        self.unique.insert(node, id);
        Ok(id)
    }

    pub(crate) fn leaf(&mut self, value: u32) -> Result<NodeId, TooLarge> {
        self.intern(Node::Leaf(value))
    }

    fn branch(&mut self, var: u32, children: Vec<NodeId>) -> Result<NodeId, TooLarge> {
        match children.first() {
            Some(first) if children.iter().all(|c| c == first) => Ok(*first),
            _ => self.intern(Node::Branch {
                var,
                children: children.into_boxed_slice(),
            }),
        }
    }

    /// The boolean diagram of "variable `var` has a value in `mask`".
    pub(crate) fn test(&mut self, var: u32, mask: u64) -> Result<NodeId, TooLarge> {
        let size = self.domains.get(var as usize).copied().unwrap_or(0);
        let children = (0..size)
            .map(|v| self.leaf(u32::from(mask >> v & 1 == 1)))
            .collect::<Result<Vec<_>, _>>()?;
        self.branch(var, children)
    }

    /// The boolean negation of a boolean diagram.
    pub(crate) fn not(&mut self, f: NodeId) -> Result<NodeId, TooLarge> {
        if let Some(found) = self.negations.get(&f) {
            return Ok(*found);
        }
        let result = match self.nodes.get(f as usize).cloned() {
            Some(Node::Leaf(v)) => self.leaf(u32::from(v != 1))?,
            Some(Node::Branch { var, children }) => {
                let negated = children
                    .iter()
                    .map(|c| self.not(*c))
                    .collect::<Result<Vec<_>, _>>()?;
                self.branch(var, negated)?
            }
            None => return Err(TooLarge),
        };
        self.negations.insert(f, result);
        Ok(result)
    }

    /// Combines two diagrams leaf by leaf.
    pub(crate) fn apply(&mut self, op: Op, f: NodeId, g: NodeId) -> Result<NodeId, TooLarge> {
        if let Some(found) = self.memo.get(&(op, f, g)) {
            return Ok(*found);
        }
        let var = match (self.nodes.get(f as usize), self.nodes.get(g as usize)) {
            (Some(Node::Leaf(a)), Some(Node::Leaf(b))) => {
                let leaf = op.leaf(*a, *b);
                let result = self.leaf(leaf)?;
                self.memo.insert((op, f, g), result);
                return Ok(result);
            }
            (Some(a), Some(b)) => top_var(a).min(top_var(b)),
            _ => return Err(TooLarge),
        };
        let size = self.domains.get(var as usize).copied().unwrap_or(0);
        let mut children = Vec::with_capacity(usize::from(size));
        for value in 0..size {
            // Cofactors are read in place: cloning a node would allocate on every call.
            let cf = self.cofactor_at(f, var, value);
            let cg = self.cofactor_at(g, var, value);
            children.push(self.apply(op, cf, cg)?);
        }
        let result = self.branch(var, children)?;
        self.memo.insert((op, f, g), result);
        Ok(result)
    }
}

impl Builder {
    /// The child of node `id` for `var = value`, or `id` itself when it does not test `var`.
    fn cofactor_at(&self, id: NodeId, var: u32, value: u8) -> NodeId {
        self.nodes
            .get(id as usize)
            .map_or(id, |node| cofactor(node, id, var, value))
    }
}

fn top_var(node: &Node) -> u32 {
    match node {
        Node::Leaf(_) => u32::MAX,
        Node::Branch { var, .. } => *var,
    }
}

fn cofactor(node: &Node, id: NodeId, var: u32, value: u8) -> NodeId {
    match node {
        Node::Branch { var: v, children } if *v == var => {
            children.get(usize::from(value)).copied().unwrap_or(id)
        }
        _ => id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tautology_collapses_and_reach_is_exact() {
        // x OR NOT x is the leaf `true`, whatever is known.
        let mut b = Builder::new(vec![2, 3], 100);
        let x = b.test(0, 0b10).unwrap();
        let nx = b.not(x).unwrap();
        let t = b.apply(Op::Or, x, nx).unwrap();
        let one = b.leaf(1).unwrap();
        assert_eq!(t, one);
        // (x AND y=2) selects outcome 0, else outcome 1.
        let y = b.test(1, 0b100).unwrap();
        let c = b.apply(Op::And, x, y).unwrap();
        let rest = b.leaf(1).unwrap();
        let f = b.apply(Op::Select(0), c, rest).unwrap();
        let d = b.finish();
        assert_eq!(d.reach(f, &[None, None]), 0b11);
        assert_eq!(d.reach(f, &[Some(0), None]), 0b10);
        assert_eq!(d.reach(f, &[Some(1), Some(2)]), 0b01);
        assert_eq!(d.reach(f, &[Some(1), None]), 0b11);
    }

    #[test]
    fn budget_is_enforced() {
        let mut b = Builder::new(vec![2; 8], 3);
        let x = b.test(0, 0b10).unwrap();
        let y = b.test(1, 0b10);
        assert!(y.is_err() || b.apply(Op::And, x, y.unwrap()).is_err());
    }

    /// A small deterministic generator for the brute-force checks.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    /// A random diagram over `domains`: outcome selections over random tests.
    fn random_diagram(rng: &mut Rng, domains: &[u8]) -> (Diagram, NodeId) {
        let mut b = Builder::new(domains.to_vec(), 10_000);
        let mut acc = b.leaf(rng.below(3) as u32).unwrap();
        for k in 0..1 + rng.below(4) {
            let mut cond = b.leaf(1).unwrap();
            for _ in 0..1 + rng.below(3) {
                let var = rng.below(domains.len() as u64) as u32;
                let mask = rng.below(1 << domains[var as usize]);
                let mut t = b.test(var, mask).unwrap();
                if rng.below(2) == 0 {
                    t = b.not(t).unwrap();
                }
                let op = if rng.below(2) == 0 { Op::And } else { Op::Or };
                cond = b.apply(op, cond, t).unwrap();
            }
            acc = b.apply(Op::Select(k as u32), cond, acc).unwrap();
        }
        (b.finish(), acc)
    }

    /// Every completion of `partial`.
    fn completions(domains: &[u8], partial: &[Option<u8>]) -> Vec<Vec<Option<u8>>> {
        let mut all = vec![Vec::new()];
        for (var, known) in partial.iter().enumerate() {
            let values: Vec<u8> = match known {
                Some(v) => vec![*v],
                None => (0..domains[var]).collect(),
            };
            all = all
                .into_iter()
                .flat_map(|prefix: Vec<Option<u8>>| {
                    values.iter().map(move |v| {
                        let mut next = prefix.clone();
                        next.push(Some(*v));
                        next
                    })
                })
                .collect();
        }
        all
    }

    #[test]
    fn depends_on_any_agrees_with_brute_force() {
        let mut rng = Rng(7);
        let mut scratch = DependsScratch::default();
        let mut checked = [0usize; 2];
        for _ in 0..400 {
            let domains: Vec<u8> = (0..2 + rng.below(4))
                .map(|_| 2 + rng.below(2) as u8)
                .collect();
            let (d, root) = random_diagram(&mut rng, &domains);
            let partial: Vec<Option<u8>> = domains
                .iter()
                .map(|n| (rng.below(3) == 0).then(|| rng.below(u64::from(*n)) as u8))
                .collect();
            let unknown: Vec<u32> = (0..domains.len() as u32)
                .filter(|v| partial[*v as usize].is_none())
                .collect();
            let vars: Vec<u32> = unknown
                .iter()
                .copied()
                .filter(|_| rng.below(2) == 0)
                .collect();
            let leaf = |a: &[Option<u8>]| d.reach(root, a);
            let expected = completions(&domains, &partial).iter().any(|c| {
                vars.iter().any(|var| {
                    (0..domains[*var as usize]).any(|x| {
                        let mut other = c.clone();
                        other[*var as usize] = Some(x);
                        leaf(&other) != leaf(c)
                    })
                })
            });
            assert_eq!(
                d.depends_on_any(root, &partial, &vars, &mut scratch),
                expected,
                "{domains:?} {partial:?} {vars:?}"
            );
            checked[usize::from(expected)] += 1;
            // The sharing reach agrees with the plain one, value by value of one variable.
            let mut reach = ReachScratch::default();
            if let Some(var) = unknown.first() {
                for x in 0..domains[*var as usize] {
                    let mut a = partial.clone();
                    a[*var as usize] = Some(x);
                    assert_eq!(
                        d.reach_sharing(root, &a, *var, &mut reach),
                        d.reach(root, &a)
                    );
                }
                reach.clear();
                assert!(reach.memo.iter().all(|m| *m == 0));
            }
        }
        assert!(checked.iter().all(|n| *n > 50), "{checked:?}");
    }
}
