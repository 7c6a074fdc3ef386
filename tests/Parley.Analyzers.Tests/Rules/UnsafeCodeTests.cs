using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

public sealed class UnsafeCodeTests
{
    [Fact]
    public Task Flags_unsafe_pointers_and_native_integers() => Verify.DiagnosticsAsync(("Game.cs", TestCompilation.Usings + """
        namespace Demo;

        [StateMachine]
        public partial class Game
        {
            private {|PARLEY010:nint|} handle;

            [Action]
            public {|PARLEY010:unsafe|} void Play(int cell)
            {
                {|PARLEY010:int*|} p = {|PARLEY010:&cell|};
                {|PARLEY010:*p|} = 1;
                {|PARLEY010:byte*|} buffer = {|PARLEY010:stackalloc byte[4]|};
                {|PARLEY010:unsafe|} { }
                var raw = {|PARLEY010:System.Runtime.CompilerServices.Unsafe.SizeOf<int>()|};
                var zero = {|PARLEY010:IntPtr.Zero|};
                {|PARLEY010:nuint|} size = 4;
            }
        }
        """));

    [Fact]
    public Task Span_stackalloc_and_sizeof_primitives_are_fine() => Verify.DiagnosticsAsync(Sources.Game(
        """
        Span<byte> scratch = stackalloc byte[32];
        scratch[0] = (byte)sizeof(int);
        """));
}
