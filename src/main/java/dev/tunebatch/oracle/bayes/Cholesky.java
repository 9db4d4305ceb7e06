package dev.tunebatch.oracle.bayes;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecomposition_DDRB_to_DDRM;

/**
 * EJML's Cholesky factorisation, picking the implementation by size: the row-major inner-product form for small
 * matrices, the cache-blocked form (about twice as fast at a few hundred rows) for larger ones. One instance reuses
 * its buffers from call to call.
 */
final class Cholesky {

    private static final int BLOCKED_FROM = 100;

    private final CholeskyDecompositionInner_DDRM small = new CholeskyDecompositionInner_DDRM(true);
    private final CholeskyDecomposition_DDRB_to_DDRM large = new CholeskyDecomposition_DDRB_to_DDRM(true);
    private final DMatrixRMaj blockedLower = new DMatrixRMaj(1, 1);

    /**
     * Factors the symmetric matrix {@code a} (overwritten) and returns the lower factor {@code L}, row-major (only
     * its lower triangle is meaningful; the array is {@code a}'s or this instance's buffer, valid until the next
     * call), or {@code null} when {@code a} is not numerically positive definite.
     */
    double[] factor(DMatrixRMaj a) {
        if (a.numRows < BLOCKED_FROM) {
            return small.decompose(a) ? a.data : null;
        }
        if (!large.decompose(a)) {
            return null;
        }
        blockedLower.reshape(a.numRows, a.numCols);
        large.getT(blockedLower);
        return blockedLower.data;
    }
}
