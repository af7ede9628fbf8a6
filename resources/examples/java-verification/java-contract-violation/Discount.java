/** Applies percentage discounts. The precondition is broken on purpose by the last call in main. */
public final class Discount {
    //@ requires price >= 0;
    //@ requires 0 <= percent && percent <= 100;
    //@ ensures 0 <= \result && \result <= price;
    public static long apply(long price, int percent) {
        assert price >= 0 : "price must not be negative";
        assert 0 <= percent && percent <= 100 : "percent must be within 0..100, got " + percent;
        return price - price * percent / 100;
    }

    public static void main(String[] args) {
        int[] percents = {0, 25, 100, 120};
        for (int percent : percents) {
            // Violation: 120 % is outside the precondition, and the result would be negative.
            System.out.println(percent + "% off 200 = " + apply(200, percent));
        }
    }
}
