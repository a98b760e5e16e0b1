// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title A compact Compound-v2-style money market, for benchmarks.
/// @notice One contract holds every market (as Aave does) but each market keeps Compound's
/// bookkeeping: supply shares priced by an exchange rate, a borrow index that accrues interest
/// once per block under a linear utilisation model, collateral factors, an owner-set price
/// oracle, a close factor and a liquidation incentive. It has the storage access pattern of the
/// real thing (per-market totals written by every action, per-user positions, a liquidity check
/// that walks the markets a user entered) in a page of code. Not audited; not for real money.
contract LendingPool {
    using SafeERC20 for IERC20;

    uint256 private constant ONE = 1e18;
    uint256 private constant BPS = 10_000;
    /// Compound's defaults: at most half of a debt per liquidation, an 8% bonus to the liquidator.
    uint256 public constant CLOSE_FACTOR_BPS = 5_000;
    uint256 public constant LIQUIDATION_INCENTIVE_BPS = 10_800;
    uint256 public constant RESERVE_FACTOR_BPS = 1_000;
    /// Per-block borrow rate: 2% a year at zero utilisation, 22% at full (2,628,000 blocks a year).
    uint256 public constant BLOCKS_PER_YEAR = 2_628_000;
    uint256 public constant BASE_RATE_PER_BLOCK = uint256(0.02e18) / BLOCKS_PER_YEAR;
    uint256 public constant SLOPE_PER_BLOCK = uint256(0.20e18) / BLOCKS_PER_YEAR;

    struct Market {
        bool listed;
        uint64 accrualBlock;
        uint32 collateralFactorBps;
        uint256 price; // value of one token unit, scaled by 1e18
        uint256 cash;
        uint256 totalShares;
        uint256 totalBorrows;
        uint256 totalReserves;
        uint256 borrowIndex;
    }

    struct Borrow {
        uint256 principal;
        uint256 index;
    }

    address public immutable owner;
    mapping(address => Market) public markets;
    mapping(address => mapping(address => uint256)) public shares;
    mapping(address => mapping(address => Borrow)) public borrows;
    mapping(address => address[]) public accountAssets;
    mapping(address => mapping(address => bool)) public entered;

    event Deposit(address indexed token, address indexed account, uint256 amount, uint256 shares);
    event BorrowTaken(address indexed token, address indexed account, uint256 amount);
    event Repay(address indexed token, address indexed payer, address indexed borrower, uint256 amount);
    event Liquidate(address indexed liquidator, address indexed borrower, address repayToken, uint256 amount,
        address collateralToken, uint256 seizedShares);

    error NotOwner();
    error NotListed(address token);
    error InsufficientCash();
    error InsufficientLiquidity();
    error RepayTooLarge();
    error NotLiquidatable();
    error InsufficientCollateral();

    constructor() {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    function listMarket(address token, uint32 collateralFactorBps, uint256 price) external onlyOwner {
        Market storage m = markets[token];
        m.listed = true;
        m.collateralFactorBps = collateralFactorBps;
        m.price = price;
        m.borrowIndex = ONE;
        m.accrualBlock = uint64(block.number);
    }

    function setPrice(address token, uint256 price) external onlyOwner {
        markets[token].price = price;
    }

    function deposit(address token, uint256 amount) external {
        Market storage m = accrue(token);
        uint256 minted = amount * ONE / exchangeRate(m);
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        m.cash += amount;
        m.totalShares += minted;
        shares[token][msg.sender] += minted;
        enter(msg.sender, token);
        emit Deposit(token, msg.sender, amount, minted);
    }

    function borrow(address token, uint256 amount) external {
        Market storage m = accrue(token);
        if (m.cash < amount) revert InsufficientCash();
        Borrow storage b = borrows[token][msg.sender];
        b.principal = balanceOfBorrow(m, b) + amount;
        b.index = m.borrowIndex;
        m.totalBorrows += amount;
        m.cash -= amount;
        enter(msg.sender, token);
        (uint256 collateral, uint256 debt) = liquidity(msg.sender);
        if (debt > collateral) revert InsufficientLiquidity();
        IERC20(token).safeTransfer(msg.sender, amount);
        emit BorrowTaken(token, msg.sender, amount);
    }

    /// Repays {amount} of the caller's debt, or all of it when {amount} is type(uint256).max.
    function repay(address token, uint256 amount) external {
        Market storage m = accrue(token);
        uint256 paid = repayFor(m, token, msg.sender, msg.sender, amount);
        emit Repay(token, msg.sender, msg.sender, paid);
    }

    /// Repays part of an under-collateralised borrower's debt in {repayToken} and takes collateral
    /// shares of {collateralToken} worth the repayment plus the incentive, at oracle prices.
    function liquidate(address borrower, address repayToken, uint256 amount, address collateralToken) external {
        Market storage debtMarket = accrue(repayToken);
        Market storage collateralMarket = accrue(collateralToken);
        (uint256 collateral, uint256 debt) = liquidity(borrower);
        if (debt <= collateral) revert NotLiquidatable();
        uint256 owed = balanceOfBorrow(debtMarket, borrows[repayToken][borrower]);
        if (amount > owed * CLOSE_FACTOR_BPS / BPS) revert RepayTooLarge();
        repayFor(debtMarket, repayToken, msg.sender, borrower, amount);
        uint256 seizeValue = amount * debtMarket.price / ONE * LIQUIDATION_INCENTIVE_BPS / BPS;
        uint256 seizeTokens = seizeValue * ONE / collateralMarket.price;
        uint256 seized = seizeTokens * ONE / exchangeRate(collateralMarket);
        mapping(address => uint256) storage held = shares[collateralToken];
        if (held[borrower] < seized) revert InsufficientCollateral();
        held[borrower] -= seized;
        held[msg.sender] += seized;
        enter(msg.sender, collateralToken);
        emit Liquidate(msg.sender, borrower, repayToken, amount, collateralToken, seized);
    }

    /// What a borrower owes now in {token}, interest included, as of the last accrual.
    function borrowBalance(address token, address account) external view returns (uint256) {
        return balanceOfBorrow(markets[token], borrows[token][account]);
    }

    /// The account's collateral value (weighted by collateral factors) and debt value, at oracle prices.
    function liquidity(address account) public view returns (uint256 collateral, uint256 debt) {
        address[] storage assets = accountAssets[account];
        for (uint256 i = 0; i < assets.length; i++) {
            address token = assets[i];
            Market storage m = markets[token];
            uint256 supplied = shares[token][account] * exchangeRate(m) / ONE;
            collateral += supplied * m.price / ONE * m.collateralFactorBps / BPS;
            debt += balanceOfBorrow(m, borrows[token][account]) * m.price / ONE;
        }
    }

    function exchangeRate(address token) external view returns (uint256) {
        return exchangeRate(markets[token]);
    }

    /// Compound's accrueInterest: at most once per block, so later transactions in the same block
    /// read the market's totals without writing them.
    function accrue(address token) internal returns (Market storage m) {
        m = markets[token];
        if (!m.listed) revert NotListed(token);
        uint256 blocks = block.number - m.accrualBlock;
        if (blocks == 0) {
            return m;
        }
        uint256 borrowed = m.totalBorrows;
        uint256 supplied = m.cash + borrowed - m.totalReserves;
        uint256 utilisation = supplied == 0 ? 0 : borrowed * ONE / supplied;
        uint256 factor = (BASE_RATE_PER_BLOCK + SLOPE_PER_BLOCK * utilisation / ONE) * blocks;
        uint256 interest = borrowed * factor / ONE;
        m.totalBorrows = borrowed + interest;
        m.totalReserves += interest * RESERVE_FACTOR_BPS / BPS;
        m.borrowIndex += m.borrowIndex * factor / ONE;
        m.accrualBlock = uint64(block.number);
    }

    function repayFor(Market storage m, address token, address payer, address borrower, uint256 amount)
        internal
        returns (uint256)
    {
        Borrow storage b = borrows[token][borrower];
        uint256 owed = balanceOfBorrow(m, b);
        if (amount == type(uint256).max) {
            amount = owed;
        }
        if (amount > owed) revert RepayTooLarge();
        IERC20(token).safeTransferFrom(payer, address(this), amount);
        b.principal = owed - amount;
        b.index = m.borrowIndex;
        // Accrued interest rounds per borrower, so the sum of debts can exceed the total by a wei.
        m.totalBorrows = m.totalBorrows > amount ? m.totalBorrows - amount : 0;
        m.cash += amount;
        return amount;
    }

    function enter(address account, address token) internal {
        if (!entered[account][token]) {
            entered[account][token] = true;
            accountAssets[account].push(token);
        }
    }

    function balanceOfBorrow(Market storage m, Borrow storage b) internal view returns (uint256) {
        uint256 principal = b.principal;
        return principal == 0 ? 0 : principal * m.borrowIndex / b.index;
    }

    function exchangeRate(Market storage m) internal view returns (uint256) {
        uint256 total = m.totalShares;
        return total == 0 ? ONE : (m.cash + m.totalBorrows - m.totalReserves) * ONE / total;
    }
}
