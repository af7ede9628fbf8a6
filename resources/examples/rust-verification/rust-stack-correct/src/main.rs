//! A stack that never holds more than its capacity. Contracts as comments, checked with assertions.

pub struct BoundedStack {
    items: Vec<i64>,
    capacity: usize,
}

impl BoundedStack {
    // requires: capacity > 0
    // ensures:  result.len() == 0
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "capacity must be positive");
        BoundedStack { items: Vec::with_capacity(capacity), capacity }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_full(&self) -> bool {
        self.items.len() == self.capacity
    }

    // requires: !self.is_full()
    // ensures:  self.len() == old(self.len()) + 1
    pub fn push(&mut self, value: i64) {
        assert!(!self.is_full(), "push on a full stack");
        self.items.push(value);
    }

    // ensures: result.is_none() == (old(self.len()) == 0)
    pub fn pop(&mut self) -> Option<i64> {
        self.items.pop()
    }
}

fn main() {
    let mut stack = BoundedStack::new(3);
    for value in [10, 20, 30, 40] {
        // The caller checks the precondition before every push.
        if !stack.is_full() {
            stack.push(value);
        }
    }
    assert_eq!(stack.len(), 3);
    while let Some(value) = stack.pop() {
        println!("popped {value}");
    }
}
