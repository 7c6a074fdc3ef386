using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

public sealed class ConcurrencyTests
{
    [Fact]
    public Task Flags_tasks_threads_parallel_locks_and_interlocked() => Verify.DiagnosticsAsync(Sources.Game(
        """
        var worker = {|PARLEY007:new Thread(() => { })|};
        {|PARLEY007:Parallel.For(0, 3, i => { })|};
        var count = 0;
        {|PARLEY007:Interlocked.Increment(ref count)|};
        var sum = {|PARLEY007:Enumerable.Range(0, 3).AsParallel()|}.Sum();
        {|PARLEY007:lock (this)|} { }
        {|PARLEY007:ThreadPool.QueueUserWorkItem(_ => { })|};
        Func<Task> later = {|PARLEY007:async|} () => await {|PARLEY007:Task.Yield()|};
        """));

    [Fact]
    public Task Flags_async_methods_and_volatile_fields() => Verify.DiagnosticsAsync(("Game.cs", TestCompilation.Usings + """
        namespace Demo;

        [StateMachine]
        public partial class Game
        {
            private {|PARLEY007:volatile|} int turn;

            [Action]
            public {|PARLEY007:async|} Task Play(int cell)
            {
                turn = cell;
                await {|PARLEY007:Task.CompletedTask|};
                {|PARLEY007:async|} Task Local() => await {|PARLEY007:Task.CompletedTask|};
            }
        }
        """));

    [Fact]
    public Task Task_as_a_type_and_unreached_concurrency_are_fine() => Verify.DiagnosticsAsync(("Game.cs", TestCompilation.Usings + """
        namespace Demo;

        [StateMachine]
        public partial class Game
        {
            private int turn;

            [Action]
            public void Play(int cell) => turn = checked(Describe(null).Length + cell);

            private static string Describe(Task? task) => task is null ? "none" : "some";
        }

        public static class Scheduler
        {
            public static Task Later() => Task.Run(() => { });
        }
        """));
}
