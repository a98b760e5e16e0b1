package dev.multilane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.bench.defi.Contracts;
import dev.multilane.node.dev.DevAccounts;
import dev.multilane.node.dev.DevConfig;
import dev.multilane.node.dev.DevNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.Contract;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * web3j, a client that shares no code with the node, drives an OpenZeppelin ERC-20 on an in-process
 * dev node: it signs EIP-1559 transactions with its own keys and nonce tracking
 * (RawTransactionManager, which also checks that the node's transaction hash equals its own),
 * encodes and decodes the ABI itself, and reads receipts, logs and eth_call results.
 */
@Timeout(180)
class Web3jErc20Test {
    private static final long CHAIN_ID = 1337;
    private static final BigInteger TOKEN = BigInteger.TEN.pow(18);
    private static final BigInteger SUPPLY = TOKEN.multiply(BigInteger.valueOf(1_000_000));
    private static final String BOB = "0x00000000000000000000000000000000000b0b00";
    private static final Event TRANSFER = new Event("Transfer", List.of(new TypeReference<Address>(true) {},
            new TypeReference<Address>(true) {}, new TypeReference<Uint256>() {}));

    @TempDir
    Path dir;

    private DevNode node;
    private Web3j web3j;
    private PollingTransactionReceiptProcessor receipts;

    @BeforeEach
    void start() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        node = DevNode.start(new DevConfig(dir.resolve("data"), "127.0.0.1", 0, 0, 2, CHAIN_ID), quiet);
        web3j = Web3j.build(new HttpService("http://127.0.0.1:" + node.port()));
        receipts = new PollingTransactionReceiptProcessor(web3j, 50, 400);
    }

    @AfterEach
    void stop() {
        if (web3j != null) {
            web3j.shutdown();
        }
        if (node != null) {
            node.close();
        }
    }

    private static Credentials dev(int i) {
        return Credentials.create(Numeric.toHexStringNoPrefix(DevAccounts.account(i).privateKey()));
    }

    /** Signs with web3j (EIP-1559, fees from the node's own fee methods), sends, waits for the receipt. */
    private TransactionReceipt send(Credentials from, String to, String data, BigInteger gas) throws Exception {
        RawTransactionManager tm = new RawTransactionManager(web3j, from, CHAIN_ID);
        BigInteger tip = web3j.ethMaxPriorityFeePerGas().send().getMaxPriorityFeePerGas();
        BigInteger baseFee = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock()
                .getBaseFeePerGas();
        BigInteger maxFee = baseFee.multiply(BigInteger.TWO).add(tip);
        EthSendTransaction sent = tm.sendEIP1559Transaction(CHAIN_ID, tip, maxFee, gas, to, data, BigInteger.ZERO,
                to.isEmpty());
        assertFalse(sent.hasError(), () -> "eth_sendRawTransaction: " + sent.getError().getMessage());
        return receipts.waitForTransactionReceipt(sent.getTransactionHash());
    }

    private List<Type> call(String token, Function f) throws IOException {
        EthCall r = web3j.ethCall(org.web3j.protocol.core.methods.request.Transaction.createEthCallTransaction(
                null, token, FunctionEncoder.encode(f)), DefaultBlockParameterName.LATEST).send();
        assertFalse(r.hasError(), () -> f.getName() + ": " + r.getError().getMessage());
        return FunctionReturnDecoder.decode(r.getValue(), f.getOutputParameters());
    }

    private BigInteger balanceOf(String token, String holder) throws IOException {
        Function f = new Function("balanceOf", List.of(new Address(holder)), List.of(new TypeReference<Uint256>() {}));
        return (BigInteger) call(token, f).getFirst().getValue();
    }

    private static String transferData(String to, BigInteger amount) {
        return FunctionEncoder.encode(new Function("transfer", List.of(new Address(to), new Uint256(amount)),
                List.of()));
    }

    private BigInteger nonce(Credentials c) throws IOException {
        return web3j.ethGetTransactionCount(c.getAddress(), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount();
    }

    /** One Transfer log of {@code token}: from, to, value. */
    private static void assertTransfer(Log log, String token, String from, String to, BigInteger value) {
        assertEquals(token, log.getAddress());
        assertEquals(EventEncoder.encode(TRANSFER), log.getTopics().getFirst());
        var values = Contract.staticExtractEventParameters(TRANSFER, log);
        assertEquals(from, values.getIndexedValues().get(0).getValue());
        assertEquals(to, values.getIndexedValues().get(1).getValue());
        assertEquals(value, values.getNonIndexedValues().getFirst().getValue());
    }

    @Test
    void erc20DeployTransfersLogsCallsAndRevert() throws Exception {
        Credentials owner = dev(0);
        Credentials alice = dev(1);
        assertEquals(BigInteger.valueOf(CHAIN_ID), web3j.ethChainId().send().getChainId());

        // Deploy: OpenZeppelin 4.9.6 ERC20PresetFixedSupply(name, symbol, initialSupply, owner).
        String creation = Numeric.toHexString(Contracts.creationCode(Contracts.ERC20))
                + FunctionEncoder.encodeConstructor(List.of(new Utf8String("End To End"), new Utf8String("E2E"),
                        new Uint256(SUPPLY), new Address(owner.getAddress())));
        TransactionReceipt deployed = send(owner, "", creation, BigInteger.valueOf(3_000_000));
        assertTrue(deployed.isStatusOK(), deployed.toString());
        String token = deployed.getContractAddress();
        assertNotNull(token);
        assertEquals(org.web3j.crypto.ContractUtils.generateContractAddress(owner.getAddress(), BigInteger.ZERO),
                token);
        assertTrue(web3j.ethGetCode(token, DefaultBlockParameterName.LATEST).send().getCode().length() > 1000);
        assertEquals(1, deployed.getLogs().size());
        assertTransfer(deployed.getLogs().getFirst(), token, Address.DEFAULT.getValue(), owner.getAddress(), SUPPLY);

        assertEquals("End To End", call(token, new Function("name", List.of(),
                List.of(new TypeReference<Utf8String>() {}))).getFirst().getValue());
        assertEquals("E2E", call(token, new Function("symbol", List.of(),
                List.of(new TypeReference<Utf8String>() {}))).getFirst().getValue());
        assertEquals(BigInteger.valueOf(18), call(token, new Function("decimals", List.of(),
                List.of(new TypeReference<Uint8>() {}))).getFirst().getValue());
        assertEquals(SUPPLY, call(token, new Function("totalSupply", List.of(),
                List.of(new TypeReference<Uint256>() {}))).getFirst().getValue());
        assertEquals(SUPPLY, balanceOf(token, owner.getAddress()));

        // Five transfers owner -> alice, then two alice -> bob, each checked receipt by receipt.
        List<TransactionReceipt> mined = new ArrayList<>();
        BigInteger toAlice = BigInteger.ZERO;
        for (int i = 1; i <= 5; i++) {
            BigInteger amount = TOKEN.multiply(BigInteger.valueOf(i * 10L));
            TransactionReceipt r = send(owner, token, transferData(alice.getAddress(), amount),
                    BigInteger.valueOf(100_000));
            assertTrue(r.isStatusOK(), r.toString());
            assertEquals(owner.getAddress(), r.getFrom());
            assertEquals(token, r.getTo());
            assertEquals(1, r.getLogs().size());
            assertTransfer(r.getLogs().getFirst(), token, owner.getAddress(), alice.getAddress(), amount);
            assertEquals(BigInteger.valueOf(i), web3j.ethGetTransactionByHash(r.getTransactionHash()).send()
                    .getTransaction().orElseThrow().getNonce());
            toAlice = toAlice.add(amount);
            mined.add(r);
        }
        BigInteger toBob = BigInteger.ZERO;
        for (int i = 1; i <= 2; i++) {
            BigInteger amount = TOKEN.multiply(BigInteger.valueOf(i));
            TransactionReceipt r = send(alice, token, transferData(BOB, amount), BigInteger.valueOf(100_000));
            assertTrue(r.isStatusOK(), r.toString());
            assertTransfer(r.getLogs().getFirst(), token, alice.getAddress(), BOB, amount);
            toBob = toBob.add(amount);
            mined.add(r);
        }
        assertEquals(BigInteger.valueOf(6), nonce(owner));
        assertEquals(BigInteger.TWO, nonce(alice));
        assertEquals(SUPPLY.subtract(toAlice), balanceOf(token, owner.getAddress()));
        assertEquals(toAlice.subtract(toBob), balanceOf(token, alice.getAddress()));
        assertEquals(toBob, balanceOf(token, BOB));
        // Automine: one block per transaction, in order.
        for (int i = 1; i < mined.size(); i++) {
            assertTrue(mined.get(i).getBlockNumber().compareTo(mined.get(i - 1).getBlockNumber()) > 0);
        }

        // eth_getLogs over the whole chain finds the mint and the seven transfers, in order.
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, token)
                .addSingleTopic(EventEncoder.encode(TRANSFER));
        EthLog logs = web3j.ethGetLogs(filter).send();
        assertFalse(logs.hasError(), () -> "eth_getLogs: " + logs.getError().getMessage());
        assertEquals(8, logs.getLogs().size());
        for (int i = 0; i < mined.size(); i++) {
            Log log = (Log) logs.getLogs().get(i + 1).get();
            assertEquals(mined.get(i).getTransactionHash(), log.getTransactionHash());
            assertEquals(mined.get(i).getBlockHash(), log.getBlockHash());
        }

        // A transfer beyond alice's balance: gas given explicitly so it is mined and reverts.
        BigInteger tooMuch = toAlice;
        String failing = transferData(BOB, tooMuch);
        var estimate = web3j.ethEstimateGas(org.web3j.protocol.core.methods.request.Transaction
                .createEthCallTransaction(alice.getAddress(), token, failing)).send();
        assertRevertedWithReason(estimate);
        TransactionReceipt reverted = send(alice, token, failing, BigInteger.valueOf(100_000));
        assertFalse(reverted.isStatusOK(), reverted.toString());
        assertEquals("0x0", reverted.getStatus());
        assertTrue(reverted.getLogs().isEmpty());
        assertTrue(reverted.getGasUsed().compareTo(BigInteger.valueOf(21_000)) > 0);
        assertEquals(BigInteger.valueOf(3), nonce(alice), "a reverted transaction still uses its nonce");
        assertEquals(toAlice.subtract(toBob), balanceOf(token, alice.getAddress()));

        EthCall call = web3j.ethCall(org.web3j.protocol.core.methods.request.Transaction.createEthCallTransaction(
                alice.getAddress(), token, failing), DefaultBlockParameterName.LATEST).send();
        assertTrue(call.isReverted(), () -> "eth_call should revert: " + call.getValue());
        assertTrue(call.getRevertReason().contains("ERC20: transfer amount exceeds balance"),
                call.getRevertReason());
    }

    private static void assertRevertedWithReason(EthEstimateGas estimate) {
        assertTrue(estimate.hasError(), () -> "estimateGas should fail, got " + estimate.getResult());
        assertEquals("execution reverted: ERC20: transfer amount exceeds balance", estimate.getError().getMessage());
        assertEquals(3, estimate.getError().getCode());
        assertTrue(Arrays.asList(estimate.getError().getData()).toString().contains("08c379a0"),
                estimate.getError().getData());
    }
}
