namespace Parley.Examples.Demo;

/// <summary>
/// <c>Parley.Examples.TicTacToe.Demo</c> with no arguments runs the whole demo (<see cref="Orchestrator"/>: dev chain,
/// two participant processes, two games); <c>participant …</c> is one participant process (<see cref="Participant"/>),
/// started by the orchestrator.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return args is ["participant", .. var rest]
                ? await Participant.RunAsync(DemoArguments.Parse(rest))
                : await Orchestrator.RunAsync();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
