//! Reduced ordered multi-valued decision diagrams: the compiled form that makes the
//! outcome exact over all completions without enumerating them.
//!
//! Every variable is tested at most once on a path and variables are independent, so
//! every path is satisfiable: the leaves reachable from a root, following the edge of
//! each known variable and every edge of each unknown one, are exactly the values the
//! function takes over the completions of a partial assignment.

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

    /// Whether the function at `root`, with the known variables of `assignment` fixed,
    /// depends on the unknown variable `var`: whether some completion of the other
    /// unknowns gives different leaves for different values of `var`.
    ///
    /// In an ordered diagram the two completions' paths part only at a node testing
    /// `var`, so it suffices to find such a node, reachable under the assignment, whose
    /// children differ as functions of the remaining unknowns.
    pub(crate) fn depends_on(&self, root: NodeId, assignment: &[Option<u8>], var: u32) -> bool {
        let mut visited = vec![false; self.nodes.len()];
        let mut differ = HashMap::default();
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            match visited.get_mut(id as usize) {
                Some(seen) if !*seen => *seen = true,
                _ => continue,
            }
            let Some(Node::Branch { var: v, children }) = self.nodes.get(id as usize) else {
                continue;
            };
            if *v > var {
                continue; // below `var` on every path: nothing here tests it.
            }
            if *v == var {
                let first = children.first().copied().unwrap_or(id);
                if children
                    .iter()
                    .any(|c| self.differ(first, *c, assignment, &mut differ))
                {
                    return true;
                }
                continue;
            }
            match assignment.get(*v as usize).copied().flatten() {
                Some(value) => stack.extend(children.get(usize::from(value))),
                None => stack.extend(children.iter()),
            }
        }
        false
    }

    /// Whether two sub-diagrams give different leaves for some completion of the
    /// unknown variables, the known ones fixed.
    fn differ(
        &self,
        u: NodeId,
        v: NodeId,
        assignment: &[Option<u8>],
        memo: &mut HashMap<(NodeId, NodeId), bool>,
    ) -> bool {
        if u == v {
            return false;
        }
        let key = (u.min(v), u.max(v));
        if let Some(found) = memo.get(&key) {
            return *found;
        }
        let (Some(nu), Some(nv)) = (self.nodes.get(u as usize), self.nodes.get(v as usize)) else {
            return false;
        };
        let result = match (nu, nv) {
            (Node::Leaf(a), Node::Leaf(b)) => a != b,
            _ => {
                let var = top_var(nu).min(top_var(nv));
                let size = self.size_of(nu, nv, var);
                let values: Vec<u8> = match assignment.get(var as usize).copied().flatten() {
                    Some(value) => vec![value],
                    None => (0..size).collect(),
                };
                values.into_iter().any(|value| {
                    self.differ(
                        cofactor(nu, u, var, value),
                        cofactor(nv, v, var, value),
                        assignment,
                        memo,
                    )
                })
            }
        };
        memo.insert(key, result);
        result
    }

    /// The domain size of `var`, read off whichever node tests it.
    fn size_of(&self, a: &Node, b: &Node, var: u32) -> u8 {
        [a, b]
            .into_iter()
            .find_map(|n| match n {
                Node::Branch { var: v, children } if *v == var => u8::try_from(children.len()).ok(),
                _ => None,
            })
            .unwrap_or(0)
    }

    /// How many nodes the diagram holds.
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
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
}
