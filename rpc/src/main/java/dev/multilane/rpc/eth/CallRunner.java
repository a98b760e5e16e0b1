package dev.multilane.rpc.eth;

import dev.multilane.chain.block.BlockHeader;
import dev.multilane.evm.AccessListEntry;
import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import dev.multilane.store.ChainStore;
import java.util.List;

/**
 * Runs a {@link CallRequest} as a transaction on top of a block's post-state, in that block's
 * environment, as geth's eth_call does, and throws the changes away: the EVM only reads through the
 * {@link StateView} and returns its writes as values, so the store is never touched.
 *
 * <p>geth's call semantics, reproduced here: the sender's nonce is whatever the state says (nonce
 * checks skipped); with no price given the call is free and the base fee reads as zero (geth's
 * NoBaseFee); a missing gas limit is the block's gas limit. Not reproduced: geth also skips the
 * EIP-3607 check, so calling "from" a contract works there and is refused here.
 */
final class CallRunner {
    private final ChainStore store;
    private final TransactionProcessor processor;
    private final Fork fork;
    private final BlockHeader header;

    CallRunner(ChainStore store, long chainId, Fork fork, BlockHeader header) {
        this.store = store;
        this.processor = new TransactionProcessor(chainId);
        this.fork = fork;
        this.header = header;
    }

    Fork fork() {
        return fork;
    }

    BlockHeader header() {
        return header;
    }

    /** The gas limit used when the request names none. */
    long defaultGas() {
        return header.gasLimit();
    }

    TxResult run(CallRequest req, long gas, StateView state) {
        boolean priced = req.pricesGiven();
        U256 baseFee = header.baseFeePerGas() == null ? U256.ZERO : header.baseFeePerGas();
        BlockEnv env = new BlockEnv(header.coinbase(), header.number(), header.timestamp(), header.gasLimit(),
                priced ? baseFee : U256.ZERO,
                fork.isEnabled(Fork.PARIS) ? header.mixHash().toU256() : header.difficulty(),
                header.excessBlobGas() == null ? 0 : header.excessBlobGas(),
                n -> n < header.number() ? store.canonicalHash(n).orElse(null) : null);
        AccountInfo sender = state.account(req.sender());
        long nonce = sender == null ? 0 : sender.nonce();
        List<AccessListEntry> accessList = req.accessList() == null ? List.of() : req.accessList();
        List<Hash> blobs = req.blobVersionedHashes() == null ? List.of() : req.blobVersionedHashes();
        U256 value = req.value() == null ? U256.ZERO : req.value();
        int type;
        U256 gasPrice = null;
        U256 maxFee = null;
        U256 tip = null;
        if (!blobs.isEmpty()) {
            type = 3;
        } else if (req.maxFeePerGas() != null || req.maxPriorityFeePerGas() != null || fork.isEnabled(Fork.LONDON)
                && req.gasPrice() == null) {
            type = 2;
        } else {
            type = req.accessList() != null ? 1 : 0;
        }
        if (type >= 2) {
            if (req.gasPrice() != null) {
                maxFee = req.gasPrice();
                tip = req.gasPrice();
            } else {
                maxFee = req.maxFeePerGas() == null ? U256.ZERO : req.maxFeePerGas();
                tip = req.maxPriorityFeePerGas() == null ? U256.ZERO : req.maxPriorityFeePerGas();
            }
        } else {
            gasPrice = req.gasPrice() == null ? U256.ZERO : req.gasPrice();
        }
        U256 blobFee = req.maxFeePerBlobGas() != null ? req.maxFeePerBlobGas()
                : type == 3 ? TransactionProcessor.blobBaseFee(env.excessBlobGas()) : null;
        TxEnv tx = new TxEnv(type, req.sender(), req.to(), nonce, gas, value, req.input(), gasPrice, maxFee, tip,
                accessList, blobs, blobFee);
        return processor.execute(fork, env, tx, state);
    }
}
