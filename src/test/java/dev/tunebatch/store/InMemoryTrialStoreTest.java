package dev.tunebatch.store;

/** The store contract for {@link InMemoryTrialStore}. */
class InMemoryTrialStoreTest extends TrialStoreContract {

    @Override
    protected TrialStore newStore() {
        return new InMemoryTrialStore();
    }

    @Override
    protected TrialStore reopen(TrialStore store) {
        return store;
    }
}
