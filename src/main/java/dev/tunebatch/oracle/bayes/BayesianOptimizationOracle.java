package dev.tunebatch.oracle.bayes;

import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.Proposal;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialRanking;
import dev.tunebatch.oracle.TrialStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Bayesian optimisation with keras-tuner's contract and a better model. The first {@code numInitialPoints}
 * proposals (counted in COMPLETED trials, so parallel workers sample more) are random; after that a Gaussian process
 * is fitted to the completed trials and the next proposal minimises an acquisition function over it.
 *
 * <ul>
 *   <li><b>Model.</b> ARD Matérn-5/2 kernel, one length scale per hyperparameter, fitted by maximising the log
 *   marginal likelihood (with weak priors) from several starts ({@link LikelihoodFit}), on scores normalised by
 *   standardisation and a fitted Yeo–Johnson power transform ({@link ScoreTransform}).
 *   Numeric hyperparameters are modelled on {@code [0, 1]} in their sampling's space (log-sampled ones in log
 *   space), discrete ones only at their real values, unordered choices and booleans as categories
 *   ({@link SearchEncoding}). Inactive conditional hyperparameters take no part in the distance between two trials
 *   that both lack them.</li>
 *   <li><b>Acquisition and {@code beta}.</b> Proposals alternate between keras-tuner's lower confidence bound
 *   {@code μ − β·σ} (odd trial numbers; {@code beta} is used exactly as there) and expected improvement over the best
 *   score (even trial numbers), which exploits the best region; the pair is more robust than either alone.</li>
 *   <li><b>Cost.</b> Kernel hyperparameters are refitted on a schedule ({@link KernelFitter}); the acquisition is
 *   minimised over a fixed-size candidate pool plus bounded local refinement ({@link AcquisitionSearch}). Beyond a
 *   few hundred completed trials the model takes bounded subsets of them ({@link TrainingSubset}: the kernel is
 *   fitted to an even sample of the study; the process is conditioned on the best, the latest, the incumbent's
 *   neighbours and a space-filling rest), so a proposal's cost stops growing with the study.</li>
 *   <li><b>Duplicates.</b> A proposal never repeats a tried (or running) value set, nor comes within 0.5 % of the
 *   range of one in every coordinate: the next best candidate is taken, and random values when every candidate has
 *   been tried; the search stops when even those are exhausted.</li>
 *   <li><b>Parallel workers.</b> Running trials are "believed": the model is conditioned on them with its own mean
 *   as their score, which removes their uncertainty so that other workers look elsewhere.</li>
 *   <li><b>Pareto fronts and constraints.</b> A Pareto search, or one with constraints, models every objective and
 *   every constrained metric with a process of its own and minimises {@link GoalAcquisition}'s acquisition: expected
 *   hypervolume improvement over the feasible front for two objectives (ParEGO's random scalarisations for more, or
 *   with {@link ParetoStrategy#PAREGO}), expected improvement over the best feasible score for one, each times the
 *   probability that every constraint holds. Their kernel fits are part of the state too.</li>
 *   <li><b>Failures.</b> FAILED and INVALID trials are not part of the model.</li>
 *   <li><b>Determinism.</b> Every random draw comes from the oracle's persisted random stream and the last fit is
 *   part of the algorithm state, so a seed gives the same proposals and a resumed search continues exactly.
 *   {@code numInitialPoints}, {@code alpha} and {@code beta} come from the constructor on every start (they are
 *   stored for information only), so changing {@code beta} on resume takes effect (keras-tuner #803).</li>
 * </ul>
 */
public final class BayesianOptimizationOracle extends Oracle {

    /** The kind stored with the state. */
    public static final String KIND = "bayesian";
    /** keras-tuner's default {@code alpha}. */
    public static final double DEFAULT_ALPHA = 1e-4;
    /** keras-tuner's default {@code beta}. */
    public static final double DEFAULT_BETA = 2.6;

    /**
     * Candidates closer than this (in every coordinate, on the unit scale) to a trial already run or running are
     * skipped like duplicates: an over-confident model (typically one that believes the optimum lies on the boundary)
     * would otherwise spend trial after trial a hair away from its incumbent.
     */
    private static final double NEAR_DUPLICATE = 0.005;
    /** The most trials the expected-score model is conditioned on. */
    private static final int EXPECTED_MODEL_POINTS = 200;

    private final Integer numInitialPoints;
    private final double alpha;
    private final ConfidenceBound bound;
    private final KernelFitter fitter;
    /** The fitters of a Pareto or constrained search, one per modelled metric (see {@link GoalAcquisition}). */
    private final Map<String, KernelFitter> goalFitters = new LinkedHashMap<>();
    private final ParetoStrategy paretoStrategy;
    private SearchEncoding encoding;

    /** keras-tuner's defaults: {@code numInitialPoints} from the space, {@code alpha} 1e-4, {@code beta} 2.6. */
    public BayesianOptimizationOracle(OracleConfig config) {
        this(config, null, DEFAULT_ALPHA, DEFAULT_BETA);
    }

    /**
     * @param numInitialPoints random trials before the model is used, or {@code null} for
     *                         {@code max(3 × searchable hyperparameters, 3)}, recomputed as the space grows
     * @param alpha            the smallest observation-noise variance the model may assume, as a fraction of the
     *                         (standardised) signal variance; keras-tuner adds it to the kernel diagonal
     * @param beta             the exploration weight of the lower confidence bound {@code μ − β·σ}
     */
    public BayesianOptimizationOracle(OracleConfig config, Integer numInitialPoints, double alpha, double beta) {
        this(config, numInitialPoints, alpha, beta, ParetoStrategy.EHVI);
    }

    /**
     * As {@link #BayesianOptimizationOracle(OracleConfig, Integer, double, double)}, choosing how a Pareto front of
     * two objectives is proposed for (expected hypervolume improvement by default; ParEGO for comparison).
     */
    public BayesianOptimizationOracle(OracleConfig config, Integer numInitialPoints, double alpha, double beta,
                                      ParetoStrategy paretoStrategy) {
        super(config);
        if (numInitialPoints != null && numInitialPoints < 1) {
            throw new IllegalArgumentException("numInitialPoints: " + numInitialPoints + " is not a positive number "
                    + "of random trials; pass at least 1, or null for the default max(3 × dimensions, 3).");
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha: " + alpha + " is not a finite number >= 0; pass e.g. 1e-4 "
                    + "(keras-tuner's default), larger for noisy scores.");
        }
        this.numInitialPoints = numInitialPoints;
        this.alpha = alpha;
        this.bound = new ConfidenceBound(beta);
        this.fitter = new KernelFitter(alpha, RefitSchedule.standard());
        this.paretoStrategy = Objects.requireNonNull(paretoStrategy, "paretoStrategy");
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The configured number of random trials, or {@code null} for the default. */
    public Integer numInitialPoints() {
        return numInitialPoints;
    }

    /** The noise floor of the model, as a fraction of the signal variance. */
    public double alpha() {
        return alpha;
    }

    /** The exploration weight of the lower confidence bound. */
    public double beta() {
        return bound.beta();
    }

    /** The number of COMPLETED trials after which the model takes over, for the current space. */
    public synchronized int initialPoints() {
        return numInitialPoints != null ? numInitialPoints : Math.max(3 * encoding().size(), 3);
    }

    @Override
    protected Proposal populateSpace(String trialId) {
        SearchEncoding enc = encoding();
        if (config.objective().isPareto() || config.objective().hasConstraints()) {
            return goalProposal(enc);
        }
        Observations observations = observations(enc);
        if (enc.size() == 0 || observations.size() < initialPoints()) {
            return randomProposal();
        }
        double[] y = ScoreTransform.apply(observations.y());
        GaussianProcess model = model(enc, observations, y);
        AcquisitionSearch search = new AcquisitionSearch(enc, model, acquisition(y), random::nextDouble,
                SearchBudget.forDimensions(enc.size()));
        return firstUntried(enc, search, observations);
    }

    /** The best candidate of {@code search} that is neither tried nor near a tried point; else random values. */
    private Proposal firstUntried(SearchEncoding enc, AcquisitionSearch search, Observations observations) {
        for (AcquisitionSearch.Candidate candidate : search.ranked(observations)) {
            Map<String, Object> values = enc.decode(candidate.point());
            if (!isTried(values) && !observations.near(candidate.point(), NEAR_DUPLICATE)) {
                return Proposal.run(values);
            }
        }
        return randomProposal();
    }

    /**
     * A proposal for a Pareto search or a constrained one: every objective and constrained metric modelled on its
     * own, the acquisition of {@link GoalAcquisition} minimised.
     */
    private Proposal goalProposal(SearchEncoding enc) {
        ObjectiveSpec objective = config.objective();
        List<Trial> completed = storedTrials().values().stream().filter(t -> TrialRanking.ranked(objective, t))
                .toList();
        if (enc.size() == 0 || completed.size() < initialPoints()) {
            return randomProposal();
        }
        GoalAcquisition acquisition = new GoalAcquisition(objective, enc, completed, pendingPoints(enc),
                key -> goalFitters.computeIfAbsent(key, k -> new KernelFitter(alpha, RefitSchedule.standard())),
                paretoStrategy, random::nextDouble);
        AcquisitionSearch search = new AcquisitionSearch(enc, acquisition, random::nextDouble,
                SearchBudget.forDimensions(enc.size()));
        return firstUntried(enc, search, acquisition.observations());
    }

    private double[][] pendingPoints(SearchEncoding enc) {
        List<double[]> pending = new ArrayList<>();
        for (String id : ongoingTrialIds()) {
            pending.add(enc.encode(storedTrials().get(id).hyperparameters().values()));
        }
        return pending.toArray(double[][]::new);
    }

    /** Expected improvement for even trial numbers, the confidence bound for odd ones. */
    private Acquisition acquisition(double[] standardizedScores) {
        if (storedTrials().size() % 2 == 1) {
            return bound;
        }
        double best = Double.POSITIVE_INFINITY;
        for (double v : standardizedScores) {
            best = Math.min(best, v);
        }
        return new ExpectedImprovement(best);
    }

    private Proposal randomProposal() {
        Map<String, Object> values = randomValues();
        return values == null ? Proposal.stopped() : Proposal.run(values);
    }

    private SearchEncoding encoding() {
        if (encoding == null || encoding.spaceSize() != space.space().size()) {
            encoding = new SearchEncoding(space);
        }
        return encoding;
    }

    /** Completed trials (scored) and running ones, encoded; scores turned into "lower is better". */
    private Observations observations(SearchEncoding enc) {
        boolean maximise = config.objective().direction() == MetricDirection.MAX;
        List<double[]> points = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (Trial t : storedTrials().values()) {
            if (modelled(t)) {
                points.add(enc.encode(t.hyperparameters().values()));
                scores.add(maximise ? -t.score() : t.score());
            }
        }
        List<double[]> pending = new ArrayList<>();
        for (String id : ongoingTrialIds()) {
            pending.add(enc.encode(storedTrials().get(id).hyperparameters().values()));
        }
        double[] y = new double[scores.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = scores.get(i);
        }
        return new Observations(points.toArray(double[][]::new), y, pending.toArray(double[][]::new));
    }

    /**
     * The process conditioned on the completed trials (a {@link TrainingSubset} of them in a large study) and,
     * believed at its own mean, on the running ones.
     */
    private GaussianProcess model(SearchEncoding enc, Observations observations, double[] y) {
        return MetricModel.process(fitter, enc, observations.points(), y, observations.pending(), random::nextDouble);
    }

    /**
     * Whether a trial is part of the model: COMPLETED with a finite score, or STOPPED early (pruned) with the best
     * score it reached before it was stopped. A pruned trial's score understates what it would have reached, which is
     * why it was stopped; the model learns that its region is poor and looks elsewhere.
     */
    private static boolean modelled(Trial t) {
        return (t.status() == TrialStatus.COMPLETED || t.status() == TrialStatus.STOPPED) && t.score() != null
                && Double.isFinite(t.score());
    }

    /**
     * The best expected score of the evaluated trials: the posterior mean of the process at each COMPLETED trial's
     * point, with the kernel of the last fit, conditioned on the modelled trials' standardised scores (on at most the
     * {@value #EXPECTED_MODEL_POINTS} best of them, so that this stays cheap in long searches). Where scores are noisy
     * the model's noise term shrinks a lucky draw towards its neighbours, so the best expected trial is the one the
     * model trusts, not the luckiest. Empty before the model takes over (the observed score ranks then).
     */
    @Override
    protected Map<String, Double> expectedScores() {
        SearchEncoding enc = encoding();
        KernelParams params = enc.size() == 0 ? null : fitter.lastParams(enc.keys(), enc.size());
        if (params == null || params.dimensions() != enc.size()) {
            return Map.of();
        }
        boolean maximise = config.objective().direction() == MetricDirection.MAX;
        List<Trial> modelled = new ArrayList<>(storedTrials().values().stream().filter(t -> modelled(t)).toList());
        if (modelled.size() < Math.max(3, initialPoints())) {
            return Map.of();
        }
        modelled.sort((a, b) -> maximise ? Double.compare(b.score(), a.score()) : Double.compare(a.score(), b.score()));
        List<Trial> kept = modelled.subList(0, Math.min(EXPECTED_MODEL_POINTS, modelled.size()));
        double[][] points = new double[kept.size()][];
        double[] raw = new double[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            points[i] = enc.encode(kept.get(i).hyperparameters().values());
            raw[i] = maximise ? -kept.get(i).score() : kept.get(i).score();
        }
        Standardizer standardizer = Standardizer.of(raw);
        GaussianProcess model = GaussianProcess.condition(points, standardizer.apply(raw), params,
                enc.categoricalMask());
        Map<String, Double> expected = new LinkedHashMap<>();
        for (int i = 0; i < kept.size(); i++) {
            if (kept.get(i).status() == TrialStatus.COMPLETED) {
                double mean = model.mean(points[i]) * standardizer.scale() + standardizer.mean();
                expected.put(kept.get(i).id(), maximise ? -mean : mean);
            }
        }
        return expected;
    }

    @Override
    protected Map<String, Object> algorithmState() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("num_initial_points", numInitialPoints);
        s.put("alpha", alpha);
        s.put("beta", bound.beta());
        s.put("kernel", fitter.state());
        if (!goalFitters.isEmpty()) {
            Map<String, Object> kernels = new LinkedHashMap<>();
            goalFitters.forEach((key, f) -> kernels.put(key, f.state()));
            s.put("goal_kernels", kernels);
        }
        return s;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void restoreAlgorithmState(Map<String, Object> state) {
        fitter.restore((Map<String, Object>) state.getOrDefault("kernel", Map.of()));
        goalFitters.clear();
        ((Map<String, Object>) state.getOrDefault("goal_kernels", Map.of())).forEach((key, kernel) -> {
            KernelFitter f = new KernelFitter(alpha, RefitSchedule.standard());
            f.restore((Map<String, Object>) kernel);
            goalFitters.put(key, f);
        });
        encoding = null;
    }
}
