package dev.multilane.rpc.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multilane.chain.Receipt;
import dev.multilane.chain.SenderResult;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.Withdrawal;
import dev.multilane.evm.AccessListEntry;
import dev.multilane.evm.Log;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.interpreter.Evm;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import dev.multilane.rpc.RpcHex;
import dev.multilane.store.BlockCodec;
import java.math.BigInteger;
import java.util.List;

/**
 * Blocks, transactions, receipts and logs in the JSON shapes geth returns (its RPCMarshalBlock,
 * newRPCTransaction and receipt marshalling): quantities as minimal hex, data as 0x-hex, absent
 * optional fields left out, and {@code to}/{@code contractAddress} null rather than absent.
 */
public final class EthJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EthJson() {}

    public static ObjectNode header(BlockHeader h, BigInteger totalDifficulty, long size) {
        ObjectNode o = NODES.objectNode();
        if (h.baseFeePerGas() != null) {
            o.put("baseFeePerGas", RpcHex.quantity(h.baseFeePerGas()));
        }
        if (h.blobGasUsed() != null) {
            o.put("blobGasUsed", RpcHex.quantity(h.blobGasUsed()));
        }
        o.put("difficulty", RpcHex.quantity(h.difficulty()));
        if (h.excessBlobGas() != null) {
            o.put("excessBlobGas", RpcHex.quantity(h.excessBlobGas()));
        }
        o.put("extraData", Hex.encode(h.extraData()));
        o.put("gasLimit", RpcHex.quantity(h.gasLimit()));
        o.put("gasUsed", RpcHex.quantity(h.gasUsed()));
        o.put("hash", h.hash().toString());
        o.put("logsBloom", Hex.encode(h.logsBloom()));
        o.put("miner", h.coinbase().toString());
        o.put("mixHash", h.mixHash().toString());
        o.put("nonce", String.format("0x%016x", h.nonce()));
        o.put("number", RpcHex.quantity(h.number()));
        if (h.parentBeaconBlockRoot() != null) {
            o.put("parentBeaconBlockRoot", h.parentBeaconBlockRoot().toString());
        }
        o.put("parentHash", h.parentHash().toString());
        o.put("receiptsRoot", h.receiptsRoot().toString());
        o.put("sha3Uncles", h.ommersHash().toString());
        if (size >= 0) {
            o.put("size", RpcHex.quantity(size));
        }
        o.put("stateRoot", h.stateRoot().toString());
        o.put("timestamp", RpcHex.quantity(h.timestamp()));
        if (totalDifficulty != null) {
            o.put("totalDifficulty", RpcHex.quantity(totalDifficulty));
        }
        o.put("transactionsRoot", h.transactionsRoot().toString());
        if (h.withdrawalsRoot() != null) {
            o.put("withdrawalsRoot", h.withdrawalsRoot().toString());
        }
        return o;
    }

    /** A block with its transactions as objects ({@code full}) or as hashes. */
    public static ObjectNode block(Block b, BigInteger totalDifficulty, boolean full) {
        BlockHeader h = b.header();
        ObjectNode o = header(h, totalDifficulty, BlockCodec.encodeBlock(b).length);
        ArrayNode txs = o.putArray("transactions");
        Hash blockHash = full ? h.hash() : null;
        for (int i = 0; i < b.transactions().size(); i++) {
            Transaction tx = b.transactions().get(i);
            if (full) {
                txs.add(transaction(tx, h, blockHash, i));
            } else {
                txs.add(tx.hash().toString());
            }
        }
        ArrayNode uncles = o.putArray("uncles");
        b.ommers().forEach(u -> uncles.add(u.hash().toString()));
        if (b.withdrawals() != null) {
            ArrayNode ws = o.putArray("withdrawals");
            for (Withdrawal w : b.withdrawals()) {
                ObjectNode wo = ws.addObject();
                wo.put("index", RpcHex.quantity(w.index()));
                wo.put("validatorIndex", RpcHex.quantity(w.validatorIndex()));
                wo.put("address", w.address().toString());
                wo.put("amount", RpcHex.quantity(w.amount()));
            }
        }
        return o;
    }

    /** A transaction; {@code header} is its block (null for one not in a block). */
    public static ObjectNode transaction(Transaction tx, BlockHeader header, int index) {
        return transaction(tx, header, header == null ? null : header.hash(), index);
    }

    /**
     * A transaction of the block with {@code header} and {@code blockHash} (both null for one not in
     * a block); the hash is passed in so that a block's transactions share one computation of it.
     */
    public static ObjectNode transaction(Transaction tx, BlockHeader header, Hash blockHash, int index) {
        ObjectNode o = NODES.objectNode();
        if (header != null) {
            o.put("blockHash", blockHash.toString());
            o.put("blockNumber", RpcHex.quantity(header.number()));
        } else {
            o.putNull("blockHash");
            o.putNull("blockNumber");
        }
        o.put("from", sender(tx).toString());
        o.put("gas", RpcHex.quantity(tx.gasLimit()));
        int type = tx.type();
        if (type >= Transaction.DYNAMIC_FEE) {
            U256 baseFee = header == null ? null : header.baseFeePerGas();
            o.put("gasPrice", RpcHex.quantity(baseFee == null ? tx.maxFeePerGas() : effectiveGasPrice(tx, baseFee)));
            o.put("maxFeePerGas", RpcHex.quantity(tx.maxFeePerGas()));
            o.put("maxPriorityFeePerGas", RpcHex.quantity(tx.maxPriorityFeePerGas()));
            if (type == Transaction.BLOB) {
                o.put("maxFeePerBlobGas", RpcHex.quantity(tx.maxFeePerBlobGas()));
            }
        } else {
            o.put("gasPrice", RpcHex.quantity(tx.gasPrice()));
        }
        o.put("hash", tx.hash().toString());
        o.put("input", Hex.encode(tx.data()));
        o.put("nonce", RpcHex.quantity(tx.nonce()));
        if (tx.to() == null) {
            o.putNull("to");
        } else {
            o.put("to", tx.to().toString());
        }
        if (header != null) {
            o.put("transactionIndex", RpcHex.quantity(index));
        } else {
            o.putNull("transactionIndex");
        }
        o.put("value", RpcHex.quantity(tx.value()));
        o.put("type", RpcHex.quantity(type));
        if (type != Transaction.LEGACY) {
            o.set("accessList", accessList(tx.accessList()));
        }
        if (tx.chainId() != null) {
            o.put("chainId", RpcHex.quantity(tx.chainId()));
        }
        if (type == Transaction.BLOB) {
            ArrayNode hashes = o.putArray("blobVersionedHashes");
            tx.blobVersionedHashes().forEach(h -> hashes.add(h.toString()));
        }
        int parity = tx.signature().yParity();
        if (type == Transaction.LEGACY) {
            // EIP-155: v = 35 + 2·chainId + yParity; 27 + yParity without replay protection.
            BigInteger v = tx.chainId() == null ? BigInteger.valueOf(27 + parity)
                    : BigInteger.valueOf(tx.chainId()).shiftLeft(1).add(BigInteger.valueOf(35 + parity));
            o.put("v", RpcHex.quantity(v));
        } else {
            o.put("v", RpcHex.quantity(parity));
        }
        o.put("r", RpcHex.quantity(tx.signature().r()));
        o.put("s", RpcHex.quantity(tx.signature().s()));
        if (type != Transaction.LEGACY) {
            o.put("yParity", RpcHex.quantity(parity));
        }
        return o;
    }

    public static ArrayNode accessList(List<AccessListEntry> list) {
        ArrayNode a = NODES.arrayNode();
        for (AccessListEntry e : list) {
            ObjectNode eo = a.addObject();
            eo.put("address", e.address().toString());
            ArrayNode keys = eo.putArray("storageKeys");
            e.storageKeys().forEach(k -> keys.add(k.toHash().toString()));
        }
        return a;
    }

    /**
     * The receipt of transaction {@code index} of {@code block}.
     *
     * @param firstLogIndex the number of logs emitted by the block's earlier transactions
     */
    public static ObjectNode receipt(Block block, List<Receipt> receipts, int index, int firstLogIndex) {
        return receipt(block, block.header().hash(), receipts, index, firstLogIndex);
    }

    /**
     * The receipt of transaction {@code index} of {@code block}, whose hash is {@code blockHash}:
     * computed once by a caller that marshals many of the block's receipts (eth_getBlockReceipts),
     * rather than once per receipt and log.
     *
     * @param firstLogIndex the number of logs emitted by the block's earlier transactions
     */
    public static ObjectNode receipt(Block block, Hash blockHash, List<Receipt> receipts, int index,
            int firstLogIndex) {
        BlockHeader h = block.header();
        Transaction tx = block.transactions().get(index);
        Receipt r = receipts.get(index);
        long previous = index == 0 ? 0 : receipts.get(index - 1).cumulativeGasUsed();
        Address from = sender(tx);
        ObjectNode o = NODES.objectNode();
        if (tx.type() == Transaction.BLOB) {
            o.put("blobGasPrice", RpcHex.quantity(TransactionProcessor.blobBaseFee(
                    h.excessBlobGas() == null ? 0 : h.excessBlobGas())));
            o.put("blobGasUsed", RpcHex.quantity(TransactionProcessor.GAS_PER_BLOB * tx.blobVersionedHashes().size()));
        }
        o.put("blockHash", blockHash.toString());
        o.put("blockNumber", RpcHex.quantity(h.number()));
        if (tx.isCreate()) {
            o.put("contractAddress", Evm.createAddress(from, tx.nonce()).toString());
        } else {
            o.putNull("contractAddress");
        }
        o.put("cumulativeGasUsed", RpcHex.quantity(r.cumulativeGasUsed()));
        o.put("effectiveGasPrice", RpcHex.quantity(h.baseFeePerGas() == null || tx.type() < Transaction.DYNAMIC_FEE
                ? tx.gasPrice() : effectiveGasPrice(tx, h.baseFeePerGas())));
        o.put("from", from.toString());
        o.put("gasUsed", RpcHex.quantity(r.cumulativeGasUsed() - previous));
        ArrayNode logs = o.putArray("logs");
        for (int i = 0; i < r.logs().size(); i++) {
            logs.add(log(r.logs().get(i), h.number(), blockHash, tx.hash(), index, firstLogIndex + i));
        }
        o.put("logsBloom", r.bloom().toString());
        o.put("status", RpcHex.quantity(r.success() ? 1 : 0));
        if (tx.to() == null) {
            o.putNull("to");
        } else {
            o.put("to", tx.to().toString());
        }
        o.put("transactionHash", tx.hash().toString());
        o.put("transactionIndex", RpcHex.quantity(index));
        o.put("type", RpcHex.quantity(tx.type()));
        return o;
    }

    public static ObjectNode log(Log log, long blockNumber, Hash blockHash, Hash txHash, int txIndex, int logIndex) {
        ObjectNode o = NODES.objectNode();
        o.put("address", log.address().toString());
        ArrayNode topics = o.putArray("topics");
        log.topics().forEach(t -> topics.add(t.toString()));
        o.put("data", Hex.encode(log.data()));
        o.put("blockNumber", RpcHex.quantity(blockNumber));
        o.put("transactionHash", txHash.toString());
        o.put("transactionIndex", RpcHex.quantity(txIndex));
        o.put("blockHash", blockHash.toString());
        o.put("logIndex", RpcHex.quantity(logIndex));
        o.put("removed", false);
        return o;
    }

    /** EIP-1559: min(maxFeePerGas, baseFee + maxPriorityFeePerGas). */
    public static U256 effectiveGasPrice(Transaction tx, U256 baseFee) {
        U256 capped = baseFee.add(tx.maxPriorityFeePerGas());
        return capped.compareTo(tx.maxFeePerGas()) < 0 ? capped : tx.maxFeePerGas();
    }

    /** The sender of a stored transaction; every stored transaction's signature was checked at import. */
    public static Address sender(Transaction tx) {
        return switch (tx.recoverSender()) {
            case SenderResult.Recovered r -> r.sender();
            case SenderResult.Unrecoverable u -> throw new IllegalStateException("stored transaction " + tx.hash()
                    + " has no sender: " + u.message());
        };
    }
}
