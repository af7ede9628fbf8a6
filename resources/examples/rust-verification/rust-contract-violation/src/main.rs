//! Averages of batches of readings. The precondition is broken on purpose by the last batch.

// requires: !values.is_empty()
// ensures:  min(values) <= result <= max(values)
fn average(values: &[i64]) -> i64 {
    assert!(!values.is_empty(), "average of an empty slice");
    values.iter().sum::<i64>() / values.len() as i64
}

fn main() {
    let batches: [&[i64]; 3] = [&[3, 5, 7], &[10], &[]];
    for batch in batches {
        // Violation: the third batch is empty.
        println!("average of {batch:?} = {}", average(batch));
    }
}
