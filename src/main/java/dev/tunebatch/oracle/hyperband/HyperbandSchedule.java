package dev.tunebatch.oracle.hyperband;

/**
 * Hyperband's budget arithmetic for one {@code maxEpochs}/{@code factor} pair: how many brackets an iteration has, how
 * many trials each round of a bracket starts and how many epochs they reach. Bracket {@code b} has {@code b + 1}
 * rounds; each round keeps about {@code 1/factor} of the previous round's trials and trains them {@code factor} times
 * longer. The formulas are evaluated in floating point exactly as keras-tuner does ({@code log(1000, 10)} is
 * {@code 2.9999999999999996} in both), so that trial counts match.
 *
 * @param maxEpochs the epochs of a trial in a bracket's last round (at least 1)
 * @param factor    the reduction factor between rounds (at least 2)
 */
public record HyperbandSchedule(int maxEpochs, int factor) {

    public HyperbandSchedule {
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs: " + maxEpochs + " is not a positive number of epochs; "
                    + "pass the epochs a fully trained trial needs (the default is 100).");
        }
        if (factor < 2) {
            throw new IllegalArgumentException("factor: " + factor + " is less than 2; Hyperband keeps 1/factor of "
                    + "the trials from one round to the next, so pass an integer of at least 2 (the default is 3).");
        }
    }

    /** The brackets of one iteration: how many times {@code maxEpochs} can be divided by {@code factor} down to 1. */
    public int numBrackets() {
        double epochs = maxEpochs;
        int brackets = 0;
        while (epochs >= 1) {
            epochs /= factor;
            brackets++;
        }
        return brackets;
    }

    /** The rounds of bracket {@code bracket}: {@code bracket + 1}. */
    public int numRounds(int bracket) {
        checkBracket(bracket);
        return bracket + 1;
    }

    /** How many trials round {@code round} of bracket {@code bracket} runs. */
    public int size(int bracket, int round) {
        checkRound(bracket, round);
        double lastRoundSizeOfBracket0 = Math.ceil(1 + log(maxEpochs, factor));
        return (int) Math.ceil(lastRoundSizeOfBracket0 / (bracket + 1) * Math.pow(factor, bracket - round));
    }

    /** The epoch a trial of round {@code round} of bracket {@code bracket} trains up to. */
    public int epochs(int bracket, int round) {
        checkRound(bracket, round);
        return (int) Math.ceil(maxEpochs / Math.pow(factor, bracket - round));
    }

    /** The epoch a trial of that round starts from: 0 in round 0, else where its parent stopped. */
    public int initialEpoch(int bracket, int round) {
        return round == 0 ? 0 : epochs(bracket, round - 1);
    }

    /** The trials of one full iteration (all brackets, every round filled). */
    public int trialsPerIteration() {
        int total = 0;
        for (int b = 0; b < numBrackets(); b++) {
            for (int r = 0; r <= b; r++) {
                total += size(b, r);
            }
        }
        return total;
    }

    /** The epochs one full iteration trains, when every promoted trial resumes from its parent's checkpoint. */
    public long epochsPerIteration() {
        long total = 0;
        for (int b = 0; b < numBrackets(); b++) {
            for (int r = 0; r <= b; r++) {
                total += (long) size(b, r) * (epochs(b, r) - initialEpoch(b, r));
            }
        }
        return total;
    }

    /**
     * {@code log(x) / log(base)}, as Python's {@code math.log(x, base)} computes it; the rounding matters when
     * {@code x} is a power of {@code base}.
     */
    static double log(double x, double base) {
        return Math.log(x) / Math.log(base);
    }

    private void checkBracket(int bracket) {
        if (bracket < 0 || bracket >= numBrackets()) {
            throw new IllegalArgumentException("bracket: " + bracket + " is not a bracket of this schedule; brackets "
                    + "run from 0 to " + (numBrackets() - 1) + ".");
        }
    }

    private void checkRound(int bracket, int round) {
        checkBracket(bracket);
        if (round < 0 || round > bracket) {
            throw new IllegalArgumentException("round: " + round + " is not a round of bracket " + bracket
                    + "; its rounds run from 0 to " + bracket + ".");
        }
    }
}
