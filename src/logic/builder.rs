//! Building decision diagrams: tests, negation and the apply of two diagrams under an
//! operation, within a node budget, then frozen into a [`Diagram`].

use rustc_hash::FxHashMap as HashMap;

use crate::logic::diagram::{Diagram, Node, NodeId, TooLarge, top_var};

/// Operations combining two diagrams leaf by leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Op {
    And,
    Or,
    /// `if left { k } else { right }`: prepends outcome `k` to an ordered outcome list.
    Select(u32),
    /// `if left { right } else { k }`: marks with leaf `k` the assignments a boolean
    /// diagram (the constraints) excludes.
    Guard(u32),
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
            Op::Guard(k) => {
                if a == 1 {
                    b
                } else {
                    k
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

    /// The nodes built so far, as a diagram to walk, while building goes on.
    pub(crate) fn snapshot(&self) -> Diagram {
        Diagram {
            nodes: self.nodes.clone(),
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

    /// The node `id`, while building.
    pub(crate) fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize)
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
    use crate::logic::diagram::{DependsScratch, ReachScratch};

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
