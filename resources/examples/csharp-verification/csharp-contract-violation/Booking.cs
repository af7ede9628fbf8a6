using System;
using System.Diagnostics;

namespace Examples
{
    /// <summary>Books seats in a room with a fixed capacity. The precondition is broken on purpose in Main.</summary>
    // invariant: 0 <= Booked && Booked <= Capacity
    public sealed class Room
    {
        public int Capacity { get; }
        public int Booked { get; private set; }

        // requires: capacity > 0
        public Room(int capacity)
        {
            Debug.Assert(capacity > 0, "capacity must be positive");
            Capacity = capacity;
        }

        // requires: seats > 0 && Booked + seats <= Capacity
        // ensures:  Booked == old(Booked) + seats
        public void Book(int seats)
        {
            Debug.Assert(seats > 0 && Booked + seats <= Capacity, $"cannot book {seats} seats: {Capacity - Booked} left");
            Booked += seats;
        }
    }

    public static class Program
    {
        public static void Main()
        {
            var room = new Room(10);
            int[] requests = { 4, 5, 3 };
            foreach (int seats in requests)
            {
                // Violation: the third request (3 seats) exceeds the 1 seat left.
                room.Book(seats);
                Console.WriteLine($"booked {seats}, {room.Capacity - room.Booked} left");
            }
        }
    }
}
